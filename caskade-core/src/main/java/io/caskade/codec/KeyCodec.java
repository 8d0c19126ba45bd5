package io.caskade.codec;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a cache key into the string used in Redis keys and bus messages, and back (another
 * instance must evict the same key from its L1). {@code decode(encode(k))} must equal {@code k}.
 *
 * @param <K> the key type
 */
public interface KeyCodec<K> {

  /** The key's string form. */
  String encode(K key);

  /** The key whose string form is {@code s}. */
  K decode(String s);

  /** String keys, as they are. */
  static KeyCodec<String> strings() {
    return of(Function.identity(), Function.identity());
  }

  /** Long keys in decimal. */
  static KeyCodec<Long> longs() {
    return of(String::valueOf, Long::valueOf);
  }

  /** Integer keys in decimal. */
  static KeyCodec<Integer> integers() {
    return of(String::valueOf, Integer::valueOf);
  }

  /** UUID keys in their canonical form. */
  static KeyCodec<UUID> uuids() {
    return of(UUID::toString, UUID::fromString);
  }

  /** A codec from two functions. */
  static <K> KeyCodec<K> of(Function<? super K, String> encode, Function<String, ? extends K> decode) {
    Objects.requireNonNull(encode, "encode");
    Objects.requireNonNull(decode, "decode");
    return new KeyCodec<>() {
      @Override
      public String encode(K key) {
        return encode.apply(key);
      }

      @Override
      public K decode(String s) {
        return decode.apply(s);
      }
    };
  }
}
