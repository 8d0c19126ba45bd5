package io.caskade.invalidation;

import java.util.Map;
import java.util.Set;

/**
 * Versions of tags, for O(1) dependency invalidation: an entry records the versions of its tags
 * when loaded; bumping a tag makes every entry recorded under an older version a miss.
 */
public interface TagVersions {

  /** The current version of each tag (a tag never bumped is at version 0). */
  Map<String, Long> current(Set<String> tags);

  /** The current version of one tag. */
  long current(String tag);

  /** Atomically increments {@code tag}'s version and returns the new one. */
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
