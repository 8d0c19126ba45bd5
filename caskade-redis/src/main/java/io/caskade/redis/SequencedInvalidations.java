package io.caskade.redis;

import io.caskade.bus.Partitions;
import io.caskade.bus.SequenceTracker;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.caskade.redis.lease.Sha1;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sequence-numbered key invalidations with gap repair (after Hazelcast's near cache): the key
 * space is split into {@link Partitions}; every key invalidation increments its partition's number
 * in a Redis hash and publishes the new numbers with the message, in one script (so one
 * partition's messages leave Redis in order). A receiver that finds a gap, or finds Redis ahead of
 * what it heard (after a lost subscription, or silently, by the periodic check), drops only the
 * keys of those partitions from L1 instead of all of it.
 */
final class SequencedInvalidations {

  /** Increments each partition's number and publishes the message with the numbers added. */
  static final String PUBLISH = """
      local seqs = {}
      for i = 3, #ARGV do
        seqs[ARGV[i]] = redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
      end
      local msg = cjson.decode(ARGV[2])
      msg['seqs'] = seqs
      redis.call('PUBLISH', ARGV[1], cjson.encode(msg))
      return 1
      """;

  private final String sequencesKey;
  private final SequenceTracker tracker;
  private final long checkEveryNanos;
  private volatile long lastCheck = System.nanoTime();
  private final AtomicLong partitionsLost = new AtomicLong();

  SequencedInvalidations(String cache, int partitions, long checkEveryNanos) {
    this.sequencesKey = "c:" + cache + ":seq";
    this.tracker = new SequenceTracker(partitions);
    this.checkEveryNanos = checkEveryNanos;
  }

  /** Publishes {@code message} (the bus message's bytes) for {@code encoded} keys, numbered. */
  void publish(RedisClusterCommands<String, byte[]> redis, String channel, byte[] message,
      List<String> encoded) {
    Set<Integer> touched = new TreeSet<>();
    encoded.forEach(k -> touched.add(Partitions.of(k, tracker.partitions())));
    byte[][] args = new byte[2 + touched.size()][];
    args[0] = channel.getBytes(StandardCharsets.UTF_8);
    args[1] = message;
    int i = 2;
    for (int p : touched) {
      args[i++] = Integer.toString(p).getBytes(StandardCharsets.US_ASCII);
    }
    String[] scriptKeys = {sequencesKey};
    try {
      redis.evalsha(Sha1.hex(PUBLISH), ScriptOutputType.INTEGER, scriptKeys, args);
    } catch (RedisNoScriptException e) {
      redis.eval(PUBLISH, ScriptOutputType.INTEGER, scriptKeys, args);
    }
  }

  /** The numbers a message carried; the partitions with a gap before them. */
  Set<Integer> onMessage(Map<Integer, Long> seqs) {
    return seqs.isEmpty() ? Set.of() : counted(tracker.onMessage(seqs));
  }

  /** Compares with Redis when nothing could be heard; the partitions that missed messages. */
  Set<Integer> resync(RedisClusterCommands<String, byte[]> redis) {
    return counted(tracker.resync(read(redis)));
  }

  /** The periodic check while the bus is up, when due; the partitions silently missed. */
  Set<Integer> checkIfDue(RedisClusterCommands<String, byte[]> redis) {
    long now = System.nanoTime();
    if (tracker.isBaselined() && now - lastCheck < checkEveryNanos) { // the baseline: at once
      return Set.of();
    }
    lastCheck = now;
    return counted(tracker.check(read(redis)));
  }

  /** Whether an encoded key belongs to one of {@code partitions}. */
  Predicate<String> affected(Set<Integer> partitions) {
    int count = tracker.partitions();
    return k -> partitions.contains(Partitions.of(k, count));
  }

  /** Partitions found to have missed messages so far (each dropped from L1). */
  long partitionsLost() {
    return partitionsLost.get();
  }

  private Set<Integer> counted(Set<Integer> lost) {
    partitionsLost.addAndGet(lost.size());
    return lost;
  }

  private Map<Integer, Long> read(RedisClusterCommands<String, byte[]> redis) {
    Map<Integer, Long> current = new HashMap<>();
    redis.hgetall(sequencesKey).forEach((p, n) -> {
      try {
        current.put(Integer.parseInt(p), Long.parseLong(new String(n, StandardCharsets.US_ASCII)));
      } catch (NumberFormatException e) {
        // not ours: ignore
      }
    });
    return current;
  }
}
