package io.caskade.bus;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One invalidation broadcast to every instance of a cache.
 *
 * @param cache the cache name
 * @param kind what was invalidated
 * @param keys the encoded keys ({@link Kind#KEY}, {@link Kind#KEYS}); empty otherwise
 * @param tag the tag ({@link Kind#TAG}); null otherwise
 * @param version the tag's new version ({@link Kind#TAG}) or the new namespace generation
 *     ({@link Kind#NAMESPACE}); 0 otherwise
 * @param origin the id of the instance that sent it (an instance ignores its own messages)
 * @param seqs for key invalidations: each touched partition's new invalidation sequence (see
 *     {@link SequenceTracker}); empty from senders that do not number their messages
 */
public record InvalidationMessage(String cache, Kind kind, List<String> keys, String tag,
    long version, String origin, Map<Integer, Long> seqs) {

  /** A message without sequences. */
  public InvalidationMessage(String cache, Kind kind, List<String> keys, String tag,
      long version, String origin) {
    this(cache, kind, keys, tag, version, origin, Map.of());
  }


  /** What a message invalidates. */
  public enum Kind {
    /** One key. */
    KEY,
    /** Several keys. */
    KEYS,
    /** Every entry built under an older version of a tag. */
    TAG,
    /** Every entry: the namespace generation was bumped. */
    NAMESPACE,
    /** Every entry: clear L1 without a generation change. */
    ALL
  }

  public InvalidationMessage {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(origin, "origin");
    keys = keys == null ? List.of() : List.copyOf(keys);
    seqs = seqs == null ? Map.of() : Map.copyOf(seqs);
  }
}
