package io.caskade.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Version counters in Redis (namespace generations, tag versions) that never issue a number
 * twice, even when Redis loses them (FLUSHALL, eviction under an {@code allkeys-*} policy, a
 * restart without persistence).
 *
 * <p>Every counter is kept at or above a floor taken from the Redis server's clock ({@code TIME},
 * in microseconds since the epoch): a bump is {@code INCR}, raised to the floor when it lands
 * below it, and a read of a missing counter creates it at the floor instead of answering 0. A
 * counter re-created after a loss therefore starts above every number issued before, so what was
 * recorded under a lost counter is invalid (conservative) and never valid again.
 *
 * <p>Assumptions, both documented in the README: the clock of the server that holds a counter
 * does not step back across a loss by more than the time since the counter was last bumped, and
 * a counter is bumped less than a million times a second on average (each bump adds 1, the
 * floor adds 1 per microsecond). Counters stay below 2<sup>53</sup> (about the year 2255), so Lua
 * numbers hold them exactly.
 *
 * <p>Redis errors pass through as Lettuce exceptions; the caller maps them. Each script touches one key, so it runs on the node (Cluster slot) of that key. Scripts run
 * by SHA and are loaded again after a {@code NOSCRIPT} (a restarted server).
 */
final class ClockCounters {

  /** The server clock in microseconds, as a decimal string (no Lua number formatting). */
  private static final String FLOOR =
      "local t = redis.call('TIME') "
      + "local floor = t[1] .. string.sub('000000' .. t[2], -6) ";

  static final String READ = FLOOR
      + "local v = redis.call('GET', KEYS[1]) "
      + "if v then return tonumber(v) end "
      + "redis.call('SET', KEYS[1], floor) return tonumber(floor)";

  static final String BUMP = FLOOR
      + "local v = redis.call('INCR', KEYS[1]) "
      + "if v < tonumber(floor) then redis.call('SET', KEYS[1], floor) return tonumber(floor) end "
      + "return v";

  private static final String READ_SHA = sha1(READ);
  private static final String BUMP_SHA = sha1(BUMP);

  private ClockCounters() {}

  /** The counter under {@code key}; a missing one is created at the clock floor. */
  static long read(RedisClusterCommands<String, byte[]> redis, String key) {
    return run(redis, READ, key);
  }

  /** Increments the counter under {@code key}, at least to the clock floor; the new value. */
  static long bump(RedisClusterCommands<String, byte[]> redis, String key) {
    return run(redis, BUMP, key);
  }

  private static long run(RedisClusterCommands<String, byte[]> c, String script, String key) {
    String[] keys = {key};
    Long result;
    try {
      result = c.evalsha(sha(script), ScriptOutputType.INTEGER, keys);
    } catch (RedisNoScriptException e) {
      result = c.eval(script, ScriptOutputType.INTEGER, keys);
    }
    if (result == null) {
      throw new IllegalStateException("counter script returned nothing for " + key);
    }
    return result;
  }

  private static String sha(String script) {
    return script == READ ? READ_SHA : BUMP_SHA;
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
