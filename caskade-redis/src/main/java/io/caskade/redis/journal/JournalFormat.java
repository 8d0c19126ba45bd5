package io.caskade.redis.journal;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.Codec;
import io.caskade.write.PendingWrite;
import io.caskade.write.WriteSequence;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a journal entry: {@code k} (the key's string form, UTF-8), {@code v} (the value
 * codec's bytes; absent for a delete) and, only on a re-driven entry, {@code s} (its original
 * sequence). An entry's sequence is otherwise its stream id ({@link WriteSequence#of}), which
 * Redis keeps increasing for every writer of the stream.
 */
final class JournalFormat<K, V> {

  static final String KEY = "k";
  static final String VALUE = "v";
  static final String SEQ = "s";

  private final KeyCodec<K> keys;
  private final Codec<V> values;

  JournalFormat(KeyCodec<K> keys, Codec<V> values) {
    this.keys = keys;
    this.values = values;
  }

  Map<String, byte[]> fields(K key, V value, Long explicitSeq) {
    Map<String, byte[]> body = new HashMap<>(4);
    body.put(KEY, keys.encode(key).getBytes(StandardCharsets.UTF_8));
    if (value != null) {
      body.put(VALUE, values.encode(value));
    }
    if (explicitSeq != null) {
      body.put(SEQ, Long.toString(explicitSeq).getBytes(StandardCharsets.US_ASCII));
    }
    return body;
  }

  /** The change in {@code m}; throws when its fields do not decode. */
  PendingWrite<K, V> read(StreamMessage<String, byte[]> m) {
    Map<String, byte[]> body = m.getBody();
    byte[] k = body.get(KEY);
    if (k == null) {
      throw new IllegalArgumentException("journal entry " + m.getId() + " has no key");
    }
    K key = keys.decode(new String(k, StandardCharsets.UTF_8));
    byte[] v = body.get(VALUE);
    V value = v == null ? null : values.decode(v);
    byte[] s = body.get(SEQ);
    long seq = s != null ? Long.parseLong(new String(s, StandardCharsets.US_ASCII))
        : sequenceOf(m.getId());
    return new PendingWrite<>(key, value, seq, millisOf(m.getId()), m.getId());
  }

  static long sequenceOf(String streamId) {
    int dash = streamId.indexOf('-');
    return WriteSequence.of(Long.parseLong(streamId.substring(0, dash)),
        Long.parseLong(streamId.substring(dash + 1)));
  }

  static long millisOf(String streamId) {
    int dash = streamId.indexOf('-');
    return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
  }

  static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
