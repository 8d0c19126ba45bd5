package io.caskade.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The value schemas of one cache that live in Redis side by side, so that instances with
 * different value classes (a rolling deploy) neither read nor delete each other's bytes, while
 * an invalidation on any of them still removes every schema's copy.
 *
 * <p>Each value version has its own value key ({@link KeyLayout#value}, suffix
 * {@code <version>.<registeredAt>}); an unversioned tier keeps the plain key. Versions are
 * registered in a Redis hash ({@code c:<cache>:schemas}: version → the server's clock in
 * milliseconds when first registered). Every instance re-reads the hash at least every
 * {@code maxAgeNanos} before it invalidates, and deletes the copies of every version it has
 * seen (and the unversioned one) with the lease, in one command (same hash tag, same slot).
 *
 * <p>A version may write copies only once every instance has re-read the hash since it was
 * registered: each instance records in the hash how stale its copy may get (its re-read
 * interval plus its command timeout), and a version waits for the longest of them, measured on
 * the Redis clock from its registration. Until then its copies would not be deleted by an
 * instance that has not re-read the hash. Its fills keep the
 * lease check but store nothing; its puts delete instead of storing. When the hash is lost
 * (FLUSHALL, eviction) the version is registered again with a new time at the next re-read (at
 * most {@code maxAgeNanos} later), so copies written under the old registration are never read
 * again; until then an instance that never saw the old registration may miss those copies when
 * it invalidates (staleness bounded by the re-read interval, as for the namespace generation).
 * Registrations are never removed automatically; removing one by hand is safe.
 */
final class SchemaRegistry {

  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The field holding the longest staleness bound of any instance's copy of the registry. */
  private static final String BOUND = "~bound";

  static final String REFRESH =
      "local t = redis.call('TIME') "
      + "local now = t[1] .. string.sub('000' .. math.floor(tonumber(t[2]) / 1000), -3) "
      + "if ARGV[1] ~= '' then redis.call('HSETNX', KEYS[1], ARGV[1], now) end "
      + "local b = tonumber(redis.call('HGET', KEYS[1], '" + BOUND + "') or '0') "
      + "if tonumber(ARGV[2]) > b then redis.call('HSET', KEYS[1], '" + BOUND + "', ARGV[2]) end "
      + "local r = redis.call('HGETALL', KEYS[1]) table.insert(r, 1, now) return r";
  private static final String REFRESH_SHA = sha1(REFRESH);

  /** What the last read found: this version's suffix and when it may write. */
  private record State(String ownSuffix, long readAt, long writableAt) {}

  private final String key;
  private final String version;
  private final long maxAgeNanos;
  private final long boundMillis;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private volatile State state;

  /**
   * @param key the registry hash
   * @param version this instance's value version, "" when unversioned
   */
  SchemaRegistry(String key, String version, long maxAgeNanos, long commandTimeoutNanos) {
    this.key = key;
    this.version = version;
    this.maxAgeNanos = maxAgeNanos;
    this.boundMillis = TimeUnit.NANOSECONDS.toMillis(maxAgeNanos + commandTimeoutNanos) + 1;
    long stale = System.nanoTime() - maxAgeNanos - 1;
    // versioned and not registered yet: a suffix no registration has, never writable
    this.state = new State(version.isEmpty() ? "" : version + ".0", stale, Long.MAX_VALUE);
  }

  /** Checks a user-given value version. */
  static String checkVersion(String version) {
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "valueVersion must be 1 to 64 of [A-Za-z0-9_-]: '" + version + "'");
    }
    return version;
  }

  /** True when this instance has a value version. */
  boolean isVersioned() {
    return !version.isEmpty();
  }

  /** The suffix of this version's value keys ("" unversioned); no Redis call. */
  String ownSuffix() {
    return state.ownSuffix();
  }

  /** Every suffix whose copies an invalidation deletes, re-reading the registry if stale. */
  List<String> all(RedisClusterCommands<String, byte[]> redis) {
    fresh(redis);
    List<String> all = new ArrayList<>(seen.size() + 1);
    all.add("");
    all.addAll(seen);
    return all;
  }

  /** True when this version may store copies (always when unversioned). */
  boolean writable(RedisClusterCommands<String, byte[]> redis) {
    if (version.isEmpty()) {
      return true;
    }
    return System.nanoTime() - fresh(redis).writableAt() >= 0;
  }

  /** Registers this version (if versioned) and reads every registered one. */
  void refresh(RedisClusterCommands<String, byte[]> redis) {
    byte[][] args = {version.getBytes(StandardCharsets.UTF_8),
        Long.toString(boundMillis).getBytes(StandardCharsets.US_ASCII)};
    String[] keys = {key};
    List<Object> reply;
    try {
      reply = redis.evalsha(REFRESH_SHA, ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      reply = redis.eval(REFRESH, ScriptOutputType.MULTI, keys, args);
    }
    long readAt = System.nanoTime();
    long now = Long.parseLong(string(reply.get(0)));
    String ownSuffix = version.isEmpty() ? "" : null;
    long registeredAt = now;
    long bound = boundMillis;
    for (int i = 1; i + 1 < reply.size(); i += 2) {
      String field = string(reply.get(i));
      String value = string(reply.get(i + 1));
      if (field.equals(BOUND)) {
        bound = Math.max(bound, Long.parseLong(value));
        continue;
      }
      seen.add(field + '.' + value);
      if (field.equals(version)) {
        ownSuffix = field + '.' + value;
        registeredAt = Long.parseLong(value);
      }
    }
    if (ownSuffix == null) {
      throw new IllegalStateException("value version '" + version + "' missing from " + key);
    }
    long age = now - registeredAt;
    adopt(ownSuffix, readAt, readAt + TimeUnit.MILLISECONDS.toNanos(Math.max(0, bound - age)));
  }

  private synchronized void adopt(String ownSuffix, long readAt, long writableAt) {
    State before = state;
    if (isVersioned() && before.ownSuffix().equals(ownSuffix)
        && before.writableAt() - writableAt < 0) {
      // Each estimate is late by however long the reply took to reach us; keep the earliest, so
      // a slow reply never makes a writable version unwritable again.
      writableAt = before.writableAt();
    }
    state = new State(ownSuffix, readAt, writableAt);
  }

  private State fresh(RedisClusterCommands<String, byte[]> redis) {
    State s = state;
    if (System.nanoTime() - s.readAt() > maxAgeNanos) {
      refresh(redis);
      s = state;
    }
    return s;
  }

  private static String string(Object o) {
    return new String((byte[]) o, StandardCharsets.UTF_8);
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
