package io.caskade.redis;

import io.caskade.wire.CorruptEnvelopeException;
import io.caskade.wire.EnvelopeFormat;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;

/**
 * Decodes a bulk reply of envelope bytes where Lettuce hands it over (its I/O thread, inside
 * {@code CommandOutput.set(ByteBuffer)}), without a {@code byte[]} per value: a heap buffer is
 * read in place, any other (Lettuce's are usually direct) is copied into this thread's scratch
 * array and decoded from there. The scratch array grows to at most {@link #SCRATCH_LIMIT}; a
 * larger reply gets an array of its own, so an I/O thread never keeps a big buffer. The buffer
 * is only valid during the call (Lettuce reuses it) and is neither moved nor kept.
 */
final class EnvelopeReplies {

  /** The largest scratch array a thread keeps. */
  static final int SCRATCH_LIMIT = 64 * 1024;
  private static final int SCRATCH_MIN = 4 * 1024;
  private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>();

  private EnvelopeReplies() {}

  /**
   * What {@code reply} holds: the {@link io.caskade.entry.Entry}, or an {@link UndecodableReply}.
   * Never throws: a failure here would fail the I/O thread's read, not this command.
   */
  static Object decode(EnvelopeFormat<?> format, ByteBuffer reply) {
    int length = reply.remaining();
    try {
      if (reply.hasArray()) {
        return format.decode(reply.array(), reply.arrayOffset() + reply.position(), length);
      }
      byte[] bytes = scratch(length);
      reply.get(reply.position(), bytes, 0, length);
      return format.decode(bytes, 0, length);
    } catch (CorruptEnvelopeException e) {
      return new UndecodableReply(copy(reply), e);
    } catch (RuntimeException | Error e) { // not the bytes' fault: the caller rethrows it
      return new UndecodableReply(null, e);
    }
  }

  /** An array of at least {@code length} bytes: this thread's scratch, or a one-off if larger. */
  static byte[] scratch(int length) {
    if (length > SCRATCH_LIMIT) {
      return new byte[length];
    }
    byte[] scratch = SCRATCH.get();
    if (scratch == null || scratch.length < length) {
      int size = Math.max(SCRATCH_MIN, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
      scratch = new byte[Math.min(SCRATCH_LIMIT, size)];
      SCRATCH.set(scratch);
    }
    return scratch;
  }

  private static byte[] copy(ByteBuffer reply) {
    byte[] bytes = new byte[reply.remaining()];
    reply.get(reply.position(), bytes, 0, bytes.length);
    return bytes;
  }
}
