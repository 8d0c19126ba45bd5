package io.caskade.redis.journal;

import io.caskade.write.DeadLetter;
import io.caskade.write.PendingWrite;
import io.caskade.write.WriteLog;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as the flusher sees it: new entries by XREADGROUP, a dead instance's entries by
 * XAUTOCLAIM once idle for the claim timeout, acknowledgement by XACK + XDEL (atomically, in one
 * script) only after the writer returned, dead letters into a second stream. Entries this
 * instance holds (waiting for a batch or a retry) are re-claimed to itself (XCLAIM JUSTID)
 * regularly so that their idle time never reaches the claim timeout while it is alive.
 */
final class StreamWriteLog<K, V> implements WriteLog<K, V> {

  private static final Logger log = LoggerFactory.getLogger(StreamWriteLog.class);
  private static final int ACK_CHUNK = 500;
  private static final long SYNC_MILLIS = 1_000;

  private final JournalKeys names;
  private final JournalConnection redis;
  private final JournalFormat<K, V> format;
  private final LocalPending<K, V> local;
  private final JournalEpoch<K, V> epoch;
  private final Consumer<String> consumer;
  private final Duration claimIdle;
  private final Set<String> held = new HashSet<>();
  private String claimCursor = "0-0";
  private long nextClaimAt;
  private long nextSyncAt;

  StreamWriteLog(JournalKeys names, JournalConnection redis, JournalFormat<K, V> format,
      LocalPending<K, V> local, JournalEpoch<K, V> epoch, String consumerName,
      Duration claimIdle) {
    this.names = names;
    this.redis = redis;
    this.format = format;
    this.local = local;
    this.epoch = epoch;
    this.consumer = Consumer.from(names.group, consumerName);
    this.claimIdle = claimIdle;
  }

  @Override
  public List<PendingWrite<K, V>> poll(int max, long waitMillis) {
    long now = System.currentTimeMillis();
    if (now >= nextSyncAt) {
      sync(now);
    }
    try {
      return pollGroup(max, waitMillis, now);
    } catch (RedisCommandExecutionException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOGROUP")) {
        throw e;
      }
      // Redis lost the stream and its group (restarted empty, flushed): recreate them and go on.
      log.warn("write-behind journal '{}': consumer group gone ({}); recreating it",
          names.stream, e.getMessage());
      sync(now);
      return List.of();
    }
  }

  private void sync(long now) {
    nextSyncAt = now + SYNC_MILLIS;
    if (epoch.sync(held)) {
      claimCursor = "0-0";
    }
  }

  private List<PendingWrite<K, V>> pollGroup(int max, long waitMillis, long now) {
    if (now >= nextClaimAt) {
      nextClaimAt = now + Math.max(50, claimIdle.toMillis() / 3);
      refreshHeld();
      List<PendingWrite<K, V>> claimed = claim(max);
      if (!claimed.isEmpty()) {
        return claimed;
      }
    }
    XReadArgs args = XReadArgs.Builder.count(max);
    if (waitMillis > 0) {
      args.block(waitMillis);
    }
    List<StreamMessage<String, byte[]>> messages = redis.reads.xreadgroup(consumer, args,
        XReadArgs.StreamOffset.lastConsumed(names.stream));
    return decode(messages);
  }

  /** Takes over entries idle longer than the claim timeout (their consumer is gone). */
  private List<PendingWrite<K, V>> claim(int max) {
    ClaimedMessages<String, byte[]> c = redis.commands.xautoclaim(names.stream,
        XAutoClaimArgs.Builder.xautoclaim(consumer, claimIdle, claimCursor).count(max));
    claimCursor = c.getId() == null ? "0-0" : c.getId();
    if (!c.getMessages().isEmpty()) {
      log.info("write-behind journal '{}': {} claimed {} entries idle for over {}",
          names.stream, consumer.getName(), c.getMessages().size(), claimIdle);
    }
    return decode(c.getMessages());
  }

  private void refreshHeld() {
    if (held.isEmpty()) {
      return;
    }
    List<String> ids = new ArrayList<>(held);
    for (int i = 0; i < ids.size(); i += ACK_CHUNK) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + ACK_CHUNK));
      redis.commands.xclaim(names.stream, consumer, XClaimArgs.Builder.justid(),
          chunk.toArray(String[]::new));
    }
  }

  private List<PendingWrite<K, V>> decode(List<StreamMessage<String, byte[]>> messages) {
    List<PendingWrite<K, V>> out = new ArrayList<>(messages.size());
    for (StreamMessage<String, byte[]> m : messages) {
      if (m.getBody() == null || m.getBody().isEmpty()) {
        ackAndDelete(List.of(m.getId())); // deleted meanwhile: nothing to apply
        continue;
      }
      try {
        out.add(format.read(m));
        held.add(m.getId());
      } catch (RuntimeException e) {
        log.error("write-behind journal '{}': entry {} does not decode, dead-lettered: {}",
            names.stream, m.getId(), e.toString());
        Map<String, byte[]> dead = new java.util.HashMap<>(m.getBody());
        dead.put("id", JournalFormat.bytes(m.getId()));
        dead.put("error", JournalFormat.bytes("undecodable: " + e));
        dead.put("at", JournalFormat.bytes(Long.toString(System.currentTimeMillis())));
        redis.commands.xadd(names.dead, dead);
        ackAndDelete(List.of(m.getId()));
      }
    }
    return out;
  }

  @Override
  public void acknowledge(List<PendingWrite<K, V>> done) {
    List<String> ids = new ArrayList<>(done.size());
    for (PendingWrite<K, V> w : done) {
      ids.add(w.receipt());
      held.remove(w.receipt());
    }
    try {
      ackAndDelete(ids);
    } finally {
      local.acknowledged(done); // written: whatever the stream says, they are done
      epoch.acknowledged(ids);
    }
  }

  private void ackAndDelete(List<String> ids) {
    for (int i = 0; i < ids.size(); i += ACK_CHUNK) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + ACK_CHUNK));
      byte[][] args = new byte[chunk.size() + 1][];
      args[0] = JournalFormat.bytes(names.group);
      for (int j = 0; j < chunk.size(); j++) {
        args[j + 1] = JournalFormat.bytes(chunk.get(j));
      }
      JournalScripts.ackAndDelete(redis.commands, names, args);
    }
  }

  @Override
  public DeadLetter<K, V> deadLetter(PendingWrite<K, V> write,
      List<PendingWrite<K, V>> superseded, int attempts, Throwable cause) {
    Map<String, byte[]> fields = format.fields(write.key(), write.value(), write.seq());
    String error = cause == null ? null : cause.getClass().getName() + ": " + cause.getMessage();
    long at = System.currentTimeMillis();
    fields.put("id", JournalFormat.bytes(write.receipt()));
    fields.put("attempts", JournalFormat.bytes(Integer.toString(attempts)));
    fields.put("error", JournalFormat.bytes(String.valueOf(error)));
    fields.put("at", JournalFormat.bytes(Long.toString(at)));
    String deadId = redis.commands.xadd(names.dead, fields);
    List<PendingWrite<K, V>> all = new ArrayList<>(superseded);
    all.add(write);
    acknowledge(all);
    return new DeadLetter<>(deadId, write, attempts, error, Instant.ofEpochMilli(at));
  }

  @Override
  public long depth() {
    Long n = redis.commands.xlen(names.stream);
    return n == null ? 0 : n;
  }

  @Override
  public long oldestPendingMillis() {
    List<StreamMessage<String, byte[]>> first =
        redis.commands.xrange(names.stream, Range.create("-", "+"), Limit.from(1));
    return first.isEmpty() ? -1 : JournalFormat.millisOf(first.get(0).getId());
  }
}
