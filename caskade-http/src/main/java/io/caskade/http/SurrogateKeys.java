package io.caskade.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Names a cache's keys, tags and namespace as CDN surrogate keys, the same way for the response
 * headers and for purges, so that what a response was tagged with is exactly what an
 * invalidation purges.
 *
 * <ul>
 *   <li>a tag: the tag itself ({@code product-42}), so a CDN can be purged by the tags you know;
 *   <li>a key: {@code <cache>/<key>};
 *   <li>the whole cache (what {@code invalidateAll()} purges): {@code <cache>/*}.
 * </ul>
 *
 * Characters that surrogate-key headers use as separators (space, comma) and anything outside
 * printable ASCII are percent-encoded. Immutable and thread-safe.
 *
 * @param <K> key type
 */
public final class SurrogateKeys<K> {

  private final String cacheName;
  private final Function<? super K, String> keyText;

  private SurrogateKeys(String cacheName, Function<? super K, String> keyText) {
    this.cacheName = encode(Objects.requireNonNull(cacheName, "cacheName"));
    this.keyText = Objects.requireNonNull(keyText, "keyText");
  }

  /** Keys named by {@code String.valueOf(key)}. */
  public static <K> SurrogateKeys<K> of(String cacheName) {
    return new SurrogateKeys<>(cacheName, String::valueOf);
  }

  /** Keys named by {@code keyText}. */
  public static <K> SurrogateKeys<K> of(String cacheName, Function<? super K, String> keyText) {
    return new SurrogateKeys<>(cacheName, keyText);
  }

  /** The surrogate key of the whole cache. */
  public String namespace() {
    return cacheName + "/*";
  }

  /** The surrogate key of one cache key. */
  public String key(K key) {
    return cacheName + '/' + encode(keyText.apply(key));
  }

  /** The surrogate key of a tag. */
  public String tag(String tag) {
    return encode(tag);
  }

  /** What a response built from {@code key}'s entry is tagged with: key, cache, sorted tags. */
  public List<String> forResponse(K key, Collection<String> tags) {
    List<String> keys = new ArrayList<>(tags.size() + 2);
    keys.add(key(key));
    keys.add(namespace());
    tags.stream().sorted().map(this::tag).forEach(keys::add); // stable header values
    return keys;
  }

  static String encode(String s) {
    StringBuilder b = null;
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean plain = c > 0x20 && c < 0x7f && c != ',' && c != '%' && c != '"';
      if (plain && b == null) {
        continue;
      }
      if (b == null) {
        b = new StringBuilder(bytes.length + 8);
        b.append(s, 0, i); // bytes before i are ASCII, one char each
      }
      if (plain) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b == null ? s : b.toString();
  }
}
