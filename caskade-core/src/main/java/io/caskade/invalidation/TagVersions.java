package io.caskade.invalidation;

import java.util.Map;
import java.util.Set;

/**
 * Versions of tags, for O(1) dependency invalidation: an entry records the versions of its tags
 * when loaded; bumping a tag makes every entry recorded under an older version a miss.
 *
 * <p>An entry is valid only while each recorded version equals the current one, so an
 * implementation must never issue a version of a tag twice — not even after losing its state
 * (the Redis tier keeps versions above the server clock for that; the in-process versions
 * above this JVM's clock, so a restarted process never re-issues an earlier one's).
 */
public interface TagVersions {

  /** The current version of each tag (a tag never bumped has one too). */
  Map<String, Long> current(Set<String> tags);

  /** The current version of one tag. */
  long current(String tag);

  /** Atomically moves {@code tag} to a version it never had and returns it. */
  long bump(String tag);

  /** True when every recorded version still equals the current one. */
  default boolean isCurrent(Map<String, Long> recorded) {
    for (Map.Entry<String, Long> e : recorded.entrySet()) {
      if (current(e.getKey()) != e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Versions kept in this JVM only. */
  static TagVersions inProcess() {
    return new InProcessTagVersions();
  }
}
