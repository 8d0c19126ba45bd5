package io.caskade.redis.lease;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The atomic Redis operations behind leases, each one Lua script over a value key and its lease
 * key. Both keys must hash to the same Cluster slot (the caller puts the same hash tag
 * {@code {...}} in both), so each script runs on one node.
 *
 * <ul>
 *   <li>{@link #acquire}: {@code SET lease token NX PX ttl} — the first caller wins;
 *   <li>{@link #claim}: the value if the key holds one, else {@link #acquire} — a caller that
 *       missed learns of a fill that landed since its read and takes no lease on a filled key,
 *       in one round trip;
 *   <li>{@link #fill}: writes the value only while the lease still holds this token, then drops
 *       the lease and publishes the lease key on the lease channel (waiters on other instances
 *       wake at once: {@link FillSignals});
 *   <li>{@link #release}: drops the lease if it is still this token's, and publishes it likewise;
 *   <li>{@link #put}: an unconditional write that also voids any lease (a write-through value must
 *       not be overwritten by an older load's fill) and deletes other value schemas' copies;
 *   <li>{@link #invalidate}: deletes the value and voids the lease in one command;
 *   <li>{@link #deleteIfEquals}: removes bytes found corrupt unless someone replaced them.
 * </ul>
 *
 * Scripts run by SHA, loaded on first use and again after a {@code NOSCRIPT} (a restarted server).
 * Redis errors pass through as Lettuce exceptions; the caller maps them.
 */
public final class LeaseScripts {

  static final String ACQUIRE =
      "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end return 0";
  static final String CLAIM =
      "local v = redis.call('GET', KEYS[1]) if v then return {2, v} end "
      + "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end "
      + "return {0}";
  static final String FILL =
      "if redis.call('GET', KEYS[2]) == ARGV[1] then "
      + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) "
      + "redis.call('DEL', KEYS[2]) redis.call('PUBLISH', ARGV[4], KEYS[2]) return 1 end return 0";
  static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) "
      + "redis.call('PUBLISH', ARGV[2], KEYS[1]) return 1 end return 0";
  static final String PUT =
      "redis.call('DEL', unpack(KEYS, 2)) redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
      + "return 1";
  static final String DELETE_IF_EQUALS =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
      + "return 0";

  private final Supplier<RedisClusterCommands<String, byte[]>> commands;
  private final byte[] channel;

  /**
   * Scripts run on the connection {@code commands} returns at each call; fills and releases
   * publish on {@code leaseChannel} ({@link FillSignals#channel}).
   */
  public LeaseScripts(Supplier<RedisClusterCommands<String, byte[]>> commands,
      String leaseChannel) {
    this.commands = commands;
    this.channel = bytes(leaseChannel);
  }

  /** Takes the lease on {@code leaseKey} for {@code ttlMillis}; true when granted. */
  public boolean acquire(String leaseKey, String token, long ttlMillis) {
    return run(ACQUIRE, new String[] {leaseKey}, bytes(token), bytes(Long.toString(ttlMillis)));
  }

  /** What {@link #claim} found: the value's bytes, or whether the lease was granted. */
  public record Claimed(byte[] value, boolean granted) {}

  /**
   * The bytes under {@code valueKey} if it holds any (no lease taken), else the lease on
   * {@code leaseKey} for {@code ttlMillis}, atomically.
   */
  public Claimed claim(String valueKey, String leaseKey, String token, long ttlMillis) {
    String[] keys = {valueKey, leaseKey};
    byte[][] args = {bytes(token), bytes(Long.toString(ttlMillis))};
    RedisClusterCommands<String, byte[]> c = commands.get();
    List<Object> reply;
    try {
      reply = c.evalsha(Sha1.hex(CLAIM), ScriptOutputType.MULTI, keys, args);
    } catch (RedisNoScriptException e) {
      reply = c.eval(CLAIM, ScriptOutputType.MULTI, keys, args);
    }
    if (reply == null || reply.isEmpty() || !(reply.get(0) instanceof Long kind)) {
      throw new IllegalStateException("unexpected reply to the lease claim script: " + reply);
    }
    if (kind == 2L) {
      return new Claimed((byte[]) reply.get(1), false);
    }
    return new Claimed(null, kind == 1L);
  }

  /** Stores {@code value} under {@code valueKey} for {@code ttlMillis} only if the lease holds. */
  public boolean fill(String valueKey, String leaseKey, String token, byte[] value,
      long ttlMillis) {
    return run(FILL, new String[] {valueKey, leaseKey}, bytes(token), value,
        bytes(Long.toString(ttlMillis)), channel);
  }

  /** Drops the lease if {@code token} still holds it. */
  public boolean release(String leaseKey, String token) {
    return run(RELEASE, new String[] {leaseKey}, bytes(token), channel);
  }

  /**
   * Sends a {@link #release} on {@code async} without waiting for it (a failed fill's cleanup,
   * which must not cost its caller time); the script travels in full, so no NOSCRIPT can occur.
   */
  public void releaseAsync(RedisClusterAsyncCommands<String, byte[]> async, String leaseKey,
      String token) {
    async.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {leaseKey}, bytes(token), channel);
  }

  /** Stores {@code value} for {@code ttlMillis} and voids any lease on the key. */
  public void put(String valueKey, String leaseKey, byte[] value, long ttlMillis) {
    run(PUT, new String[] {valueKey, leaseKey}, value, bytes(Long.toString(ttlMillis)));
  }

  /**
   * Stores {@code value} for {@code ttlMillis} and deletes {@code voidKeys} (the lease, and other
   * value schemas' copies, which the new value makes stale) in the same slot, atomically.
   */
  public void put(String valueKey, String[] voidKeys, byte[] value, long ttlMillis) {
    String[] keys = new String[voidKeys.length + 1];
    keys[0] = valueKey;
    System.arraycopy(voidKeys, 0, keys, 1, voidKeys.length);
    run(PUT, keys, value, bytes(Long.toString(ttlMillis)));
  }

  /** Deletes every key given (values of every schema and the lease: one DEL in one slot). */
  public void invalidate(String... keys) {
    commands.get().del(keys);
  }

  /** Deletes the value and voids the lease atomically (one multi-key DEL in one slot). */
  public void invalidate(String valueKey, String leaseKey) {
    commands.get().del(valueKey, leaseKey);
  }

  /** Deletes {@code key} only if it still holds exactly {@code expected}. */
  public boolean deleteIfEquals(String key, byte[] expected) {
    return run(DELETE_IF_EQUALS, new String[] {key}, expected);
  }

  private boolean run(String script, String[] keys, byte[]... args) {
    RedisClusterCommands<String, byte[]> c = commands.get();
    Long result;
    try {
      result = c.evalsha(Sha1.hex(script), ScriptOutputType.INTEGER, keys, args);
    } catch (RedisNoScriptException e) {
      result = c.eval(script, ScriptOutputType.INTEGER, keys, args);
    }
    return result != null && result == 1L;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
