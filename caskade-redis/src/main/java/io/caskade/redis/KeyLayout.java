package io.caskade.redis;

/**
 * The Redis keys of one cache.
 *
 * <ul>
 *   <li>value: {@code c:{<cache>:<generation>:<key>}:v}
 *   <li>lease: {@code c:{<cache>:<generation>:<key>}:l} — the same hash tag, so the same Cluster
 *       slot as its value, and Lua can touch both atomically;
 *   <li>namespace generation: {@code c:<cache>:gen};
 *   <li>tag version: {@code c:<cache>:tag:<tag>}.
 * </ul>
 *
 * The generation is part of every value key: bumping it makes all older keys unreachable at once
 * (they expire by their TTL).
 */
final class KeyLayout {

  private final String cache;
  private final String generationKey;
  private final String tagPrefix;

  KeyLayout(String cache) {
    if (cache.indexOf('{') >= 0 || cache.indexOf('}') >= 0) {
      throw new IllegalArgumentException("cache name must not contain '{' or '}': " + cache);
    }
    this.cache = cache;
    this.generationKey = "c:" + cache + ":gen";
    this.tagPrefix = "c:" + cache + ":tag:";
  }

  String value(long generation, String key) {
    return base(generation, key) + ":v";
  }

  String lease(long generation, String key) {
    return base(generation, key) + ":l";
  }

  String generation() {
    return generationKey;
  }

  String tag(String tag) {
    return tagPrefix + tag;
  }

  private String base(long generation, String key) {
    return "c:{" + cache + ':' + generation + ':' + key + '}';
  }
}
