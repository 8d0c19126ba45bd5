package io.caskade.redis;

import io.caskade.wire.EnvelopeFormat;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;

/**
 * The output of one {@code GET} of an envelope, decoded as the reply arrives (see
 * {@link EnvelopeReplies}): null when the key holds nothing, else the
 * {@link io.caskade.entry.Entry} or an {@link UndecodableReply}. Lettuce calls {@code set} once,
 * with the whole bulk string, on its I/O thread.
 */
final class EntryOutput<V> extends CommandOutput<String, byte[], Object> {

  private final EnvelopeFormat<V> format;

  EntryOutput(EnvelopeFormat<V> format) {
    super(RedisConnection.CODEC, null);
    this.format = format;
  }

  @Override
  public void set(ByteBuffer bytes) {
    output = bytes == null ? null : EnvelopeReplies.decode(format, bytes);
  }
}
