package io.caskade.redis;

import java.util.List;
import java.util.function.Supplier;

/**
 * The Redis keys of one cache.
 *
 * <ul>
 *   <li>value: {@code c:{<cache>:<generation>:<key>}:v}, or with a value version
 *       {@code c:{<cache>:<generation>:<key>}:v:<version>.<registeredAt>} (see
 *       {@link SchemaRegistry}) — one copy per value schema;
 *   <li>lease: {@code c:{<cache>:<generation>:<key>}:l} — one per logical key, the same hash tag,
 *       so the same Cluster slot as every schema's value, and Lua can touch them atomically;
 *   <li>namespace generation: {@code c:<cache>:gen};
 *   <li>tag version: {@code c:<cache>:tag:<tag>};
 *   <li>value schemas: {@code c:<cache>:schemas}.
 * </ul>
 *
 * The generation is part of every value key: bumping it makes all older keys unreachable at once
 * (they expire by their TTL).
 */
final class KeyLayout {

  private final String cache;
  private final String generationKey;
  private final String tagPrefix;
  private final Supplier<String> valueSuffix;
  private volatile Prefix lastPrefix;

  KeyLayout(String cache) {
    this(cache, () -> "");
  }

  /** Value keys end with {@code valueSuffix} (this instance's schema; "" for none). */
  KeyLayout(String cache, Supplier<String> valueSuffix) {
    this.valueSuffix = valueSuffix;
    if (cache.indexOf('{') >= 0 || cache.indexOf('}') >= 0) {
      throw new IllegalArgumentException("cache name must not contain '{' or '}': " + cache);
    }
    this.cache = cache;
    this.generationKey = "c:" + cache + ":gen";
    this.tagPrefix = "c:" + cache + ":tag:";
  }

  /** This instance's value key (its own schema's copy). */
  String value(long generation, String key) {
    return value(generation, key, valueSuffix.get());
  }

  /** The value key of the schema with {@code suffix} ("" for unversioned), built in one go. */
  String value(long generation, String key, String suffix) {
    String prefix = prefix(generation);
    return suffix.isEmpty() ? prefix + key + "}:v" : prefix + key + "}:v:" + suffix;
  }

  /** {@code c:{<cache>:<generation>:}, kept for the last generation asked (it rarely changes). */
  private String prefix(long generation) {
    Prefix p = lastPrefix;
    if (p == null || p.generation != generation) {
      p = new Prefix(generation, "c:{" + cache + ':' + generation + ':');
      lastPrefix = p;
    }
    return p.text;
  }

  private record Prefix(long generation, String text) {}

  /** Every schema's value key and the lease: what an invalidation deletes, in one slot. */
  String[] invalidation(long generation, String key, List<String> suffixes) {
    String[] all = new String[suffixes.size() + 1];
    for (int i = 0; i < suffixes.size(); i++) {
      all[i] = value(generation, key, suffixes.get(i));
    }
    all[suffixes.size()] = lease(generation, key);
    return all;
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

  static String schemas(String cache) {
    return "c:" + cache + ":schemas";
  }

  private String base(long generation, String key) {
    return prefix(generation) + key + '}';
  }
}
