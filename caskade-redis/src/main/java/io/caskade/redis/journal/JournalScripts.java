package io.caskade.redis.journal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The journal's Lua scripts. Each one first makes sure the stream has its consumer group: when
 * the stream is missing (Redis restarted empty, or was flushed) it creates stream and group and
 * starts a new <em>epoch</em> — a random marker {@code r:<uuid>} stored next to the stream — so
 * that every instance can tell that what Redis held before is gone. A marker missing while the
 * stream is there (it was deleted or evicted) is replaced by {@code c:<uuid>}: a continuation,
 * nothing was lost with it.
 */
final class JournalScripts {

  private static final String ENSURE =
      "if redis.replicate_commands then redis.replicate_commands() end "
          + "if redis.call('EXISTS', KEYS[1]) == 0 then "
          + "  redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM') "
          + "  redis.call('SET', KEYS[2], 'r:' .. ARGV[2]) "
          + "else "
          + "  local has = false "
          + "  for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do "
          + "    for i = 1, #g, 2 do "
          + "      if g[i] == 'name' and g[i + 1] == ARGV[1] then has = true end "
          + "    end "
          + "  end "
          + "  if not has then redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0') end "
          + "  if redis.call('EXISTS', KEYS[2]) == 0 then "
          + "    redis.call('SET', KEYS[2], 'c:' .. ARGV[2]) "
          + "  end "
          + "end ";

  /** Appends ARGV[3..] (field, value...) and returns {id, epoch}. */
  private static final String APPEND = ENSURE
      + "local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3)) "
      + "return {id, redis.call('GET', KEYS[2])}";

  /**
   * Returns {epoch, bound}: every entry with an id below {@code bound} that is no longer in the
   * stream was acknowledged; {@code bound} is the oldest entry's id, or (empty stream) the last
   * id generated plus one, written {@code <last>+}.
   */
  private static final String SYNC = ENSURE
      + "local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1) "
      + "local bound "
      + "if #first > 0 then bound = first[1][1] else "
      + "  local info = redis.call('XINFO', 'STREAM', KEYS[1]) "
      + "  for i = 1, #info, 2 do "
      + "    if info[i] == 'last-generated-id' then bound = info[i + 1] .. '+' end "
      + "  end "
      + "end "
      + "return {redis.call('GET', KEYS[2]), bound}";

  /** XACK (skipped when the group is gone: Redis lost it) then XDEL. */
  private static final String ACK_AND_DELETE =
      "local ok = redis.pcall('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2)) "
          + "return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))";

  private static final String APPEND_SHA = sha1(APPEND);
  private static final String SYNC_SHA = sha1(SYNC);
  private static final String ACK_SHA = sha1(ACK_AND_DELETE);

  private JournalScripts() {}

  /** An appended entry's stream id and the epoch it was appended in. */
  record Appended(String id, String epoch) {}

  /** The epoch now, and the bound below which absent entries were acknowledged. */
  record Sync(String epoch, String boundId, boolean boundInclusive) {}

  static Appended append(RedisClusterCommands<String, byte[]> c, JournalKeys keys,
      Map<String, byte[]> fields) {
    byte[][] args = new byte[2 + fields.size() * 2][];
    args[0] = JournalFormat.bytes(keys.group);
    args[1] = JournalFormat.bytes(UUID.randomUUID().toString());
    int i = 2;
    for (Map.Entry<String, byte[]> f : fields.entrySet()) {
      args[i++] = JournalFormat.bytes(f.getKey());
      args[i++] = f.getValue();
    }
    List<Object> out = run(c, APPEND, APPEND_SHA, ScriptOutputType.MULTI,
        new String[] {keys.stream, keys.epoch}, args);
    return new Appended(text(out.get(0)), text(out.get(1)));
  }

  static Sync sync(RedisClusterCommands<String, byte[]> c, JournalKeys keys) {
    List<Object> out = run(c, SYNC, SYNC_SHA, ScriptOutputType.MULTI,
        new String[] {keys.stream, keys.epoch}, JournalFormat.bytes(keys.group),
        JournalFormat.bytes(UUID.randomUUID().toString()));
    String bound = text(out.get(1));
    boolean inclusive = bound.endsWith("+");
    return new Sync(text(out.get(0)), inclusive ? bound.substring(0, bound.length() - 1) : bound,
        inclusive);
  }

  /** XACK + XDEL of {@code args} (group name, then stream ids). */
  static void ackAndDelete(RedisClusterCommands<String, byte[]> c, JournalKeys keys,
      byte[][] args) {
    run(c, ACK_AND_DELETE, ACK_SHA, ScriptOutputType.INTEGER, new String[] {keys.stream}, args);
  }

  private static <T> T run(RedisClusterCommands<String, byte[]> c, String script, String sha,
      ScriptOutputType type, String[] keys, byte[]... args) {
    try {
      return c.evalsha(sha, type, keys, args);
    } catch (RedisNoScriptException notLoaded) {
      return c.eval(script, type, keys, args);
    }
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Object o) {
    if (o instanceof byte[] b) {
      return JournalFormat.text(b);
    }
    return o == null ? null : o.toString();
  }
}
