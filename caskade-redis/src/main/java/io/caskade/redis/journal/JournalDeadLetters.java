package io.caskade.redis.journal;

import io.caskade.write.DeadLetter;
import io.caskade.write.PendingWrite;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The journal's dead letters, kept in the stream {@code caskade:wb:{name}:dead}. */
final class JournalDeadLetters<K, V> {

  private final JournalKeys keys;
  private final JournalConnection redis;
  private final JournalFormat<K, V> format;

  JournalDeadLetters(JournalKeys keys, JournalConnection redis, JournalFormat<K, V> format) {
    this.keys = keys;
    this.redis = redis;
    this.format = format;
  }

  /** Oldest first, at most {@code max}; entries that do not decode are skipped. */
  List<DeadLetter<K, V>> list(int max) {
    List<StreamMessage<String, byte[]>> messages =
        redis.commands.xrange(keys.dead, Range.create("-", "+"), Limit.from(max));
    List<DeadLetter<K, V>> out = new ArrayList<>(messages.size());
    for (StreamMessage<String, byte[]> m : messages) {
      Map<String, byte[]> body = m.getBody();
      PendingWrite<K, V> w;
      try {
        w = format.read(m);
      } catch (RuntimeException undecodable) {
        continue; // kept in the stream for a human; cannot be re-driven
      }
      String originalId = JournalFormat.text(body.get("id"));
      PendingWrite<K, V> original = new PendingWrite<>(w.key(), w.value(), w.seq(),
          originalId == null ? w.enqueuedAtMillis() : JournalFormat.millisOf(originalId),
          originalId);
      String attempts = JournalFormat.text(body.get("attempts"));
      String at = JournalFormat.text(body.get("at"));
      out.add(new DeadLetter<>(m.getId(), original,
          attempts == null ? 0 : Integer.parseInt(attempts), JournalFormat.text(body.get("error")),
          at == null ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(at))));
    }
    return out;
  }

  /** See {@link RedisWriteJournal#redrive}. */
  boolean redrive(DeadLetter<K, V> letter) {
    List<StreamMessage<String, byte[]>> still = redis.commands.xrange(keys.dead,
        Range.create(letter.id(), letter.id()));
    if (still.isEmpty()) {
      return false;
    }
    PendingWrite<K, V> w = letter.write();
    JournalScripts.append(redis.commands, keys, format.fields(w.key(), w.value(), w.seq()));
    redis.commands.xdel(keys.dead, letter.id());
    return true;
  }
}
