package io.caskade.redis;

import io.caskade.wire.EnvelopeFormat;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The output of one {@code MGET} of envelopes, each value decoded as it arrives (see
 * {@link EnvelopeReplies}) into its key's position: null where the key holds nothing, else the
 * {@link io.caskade.entry.Entry} or an {@link UndecodableReply}.
 */
final class EntriesOutput<V> extends CommandOutput<String, byte[], Object[]> {

  private final EnvelopeFormat<V> format;
  private int next;

  EntriesOutput(EnvelopeFormat<V> format, int keys) {
    super(RedisConnection.CODEC, new Object[keys]);
    this.format = format;
  }

  /** The start of the reply's array: positions count from here (again, if a reply is re-read). */
  @Override
  public void multi(int count) {
    if (next != 0) {
      Arrays.fill(output, null);
      next = 0;
    }
  }

  @Override
  public void set(ByteBuffer bytes) {
    int at = next++;
    if (at < output.length) {
      output[at] = bytes == null ? null : EnvelopeReplies.decode(format, bytes);
    }
  }
}
