package io.caskade.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.codec.Codec;
import io.caskade.codec.StringCodec;
import io.caskade.entry.Entry;
import io.caskade.wire.CorruptEnvelopeException;
import io.caskade.wire.EnvelopeFormat;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.RedisStateMachine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link EntryOutput} and {@link EntriesOutput} fed through Lettuce's own reply parser
 * ({@link RedisStateMachine}), the way its I/O thread feeds them: replies in pieces, in heap and
 * direct buffers, with holes, damaged bytes, values larger than the scratch array, and codec
 * failures that must not escape the I/O thread.
 */
class EnvelopeOutputsTest {

  private static final ByteBufAllocator DIRECT = new UnpooledByteBufAllocator(true);
  private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

  private final EnvelopeFormat<String> format = new EnvelopeFormat<>(StringCodec.utf8());

  @ParameterizedTest(name = "direct buffers: {0}")
  @ValueSource(booleans = {true, false})
  void aValueSplitAcrossReadsIsSetOnceAndWhole(boolean direct) {
    Entry<String> entry = Entries.fresh("x".repeat(10_000));
    byte[] reply = bulk(format.encode(entry));
    for (int cut : new int[] {1, 3, 5, 100, reply.length / 2, reply.length - 3, reply.length - 1}) {
      List<ByteBuffer> sets = new ArrayList<>();
      EntryOutput<String> decoding = new EntryOutput<>(format);
      CommandOutput<String, byte[], Object> output = new CommandOutput<>(RedisConnection.CODEC, null) {
        @Override
        public void set(ByteBuffer bytes) {
          sets.add(ByteBuffer.allocate(bytes.remaining()).put(bytes.duplicate()));
          decoding.set(bytes);
        }

        @Override
        public Object get() {
          return decoding.get();
        }
      };
      RedisStateMachine rsm = new RedisStateMachine(direct ? DIRECT : HEAP);
      ByteBuf in = Unpooled.buffer();
      in.writeBytes(reply, 0, cut);
      assertThat(rsm.decode(in, output)).as("complete after %d bytes", cut).isFalse();
      assertThat(sets).isEmpty();
      in.writeBytes(reply, cut, reply.length - cut);
      assertThat(rsm.decode(in, output)).isTrue();
      assertThat(sets).hasSize(1);
      assertThat(sets.get(0).capacity()).isEqualTo(reply.length - headerLength(reply) - 2);
      assertThat(output.get()).isEqualTo(entry);
      rsm.close();
    }
  }

  @ParameterizedTest(name = "direct buffers: {0}")
  @ValueSource(booleans = {true, false})
  void aValueLargerThanTheScratchArrayDecodesAndIsNotKept(boolean direct) {
    Entry<String> big = Entries.fresh("é".repeat(EnvelopeReplies.SCRATCH_LIMIT)); // 128 KiB
    Entry<String> small = Entries.fresh("small");
    assertThat(parse(direct, new EntryOutput<>(format), bulk(format.encode(small))))
        .isEqualTo(small);
    Object read = parse(direct, new EntryOutput<>(format), bulk(format.encode(big)));
    assertThat(read).isEqualTo(big);
    assertThat(EnvelopeReplies.scratch(1).length).isLessThanOrEqualTo(EnvelopeReplies.SCRATCH_LIMIT);
    assertThat(EnvelopeReplies.scratch(EnvelopeReplies.SCRATCH_LIMIT + 1))
        .isNotSameAs(EnvelopeReplies.scratch(1));
  }

  @Test
  void theScratchArrayGrowsToTheLimitAndIsReused() {
    byte[] first = EnvelopeReplies.scratch(10);
    assertThat(EnvelopeReplies.scratch(first.length)).isSameAs(first);
    byte[] grown = EnvelopeReplies.scratch(first.length + 1);
    assertThat(grown.length).isGreaterThan(first.length);
    assertThat(EnvelopeReplies.scratch(EnvelopeReplies.SCRATCH_LIMIT).length)
        .isEqualTo(EnvelopeReplies.SCRATCH_LIMIT);
  }

  @Test
  void anEntryDecodedFromTheScratchArrayKeepsNoneOfIt() {
    Entry<String> first = Entries.fresh("first value, ünicode");
    Entry<String> second = Entries.fresh("another value entirely");
    Object a = parse(true, new EntryOutput<>(format), bulk(format.encode(first)));
    Object b = parse(true, new EntryOutput<>(format), bulk(format.encode(second)));
    assertThat(a).isEqualTo(first);
    assertThat(b).isEqualTo(second);
  }

  @Test
  void nothingUnderTheKeyIsNullInRespTwoAndThree() {
    assertThat(parse(true, new EntryOutput<>(format), ascii("$-1\r\n"))).isNull();
    assertThat(parse(true, new EntryOutput<>(format), ascii("_\r\n"))).isNull();
  }

  @ParameterizedTest(name = "direct buffers: {0}")
  @ValueSource(booleans = {true, false})
  void corruptBytesAreHandedOverWithAnExactCopy(boolean direct) {
    byte[] foreign = "{\"foreign\":\"json\"}".getBytes(StandardCharsets.UTF_8);
    byte[] damaged = format.encode(Entries.fresh("v".repeat(70_000)));
    damaged[damaged.length / 2] ^= 0x10;
    for (byte[] bytes : new byte[][] {foreign, damaged}) {
      Object read = parse(direct, new EntryOutput<>(format), bulk(bytes));
      assertThat(read).isInstanceOf(UndecodableReply.class);
      UndecodableReply undecodable = (UndecodableReply) read;
      assertThat(undecodable.isCorrupt()).isTrue();
      assertThat(undecodable.bytes()).isEqualTo(bytes);
      assertThat(undecodable.cause()).isInstanceOf(CorruptEnvelopeException.class);
    }
  }

  @Test
  void aCodecFailureIsCorruptAndAnErrorIsHandedOverNotThrownOnTheIoThread() {
    EnvelopeFormat<String> picky = new EnvelopeFormat<>(new Codec<>() {
      @Override
      public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.equals("error")) {
          throw new AssertionError("an Error in the codec");
        }
        if (s.equals("reject")) {
          throw new IllegalArgumentException("not one of mine");
        }
        return s;
      }
    });
    List<Exception> ioThreadFailures = new ArrayList<>();
    Object rejected = parse(true, new EntryOutput<>(picky),
        bulk(picky.encode(Entries.fresh("reject"))), ioThreadFailures::add);
    assertThat(((UndecodableReply) rejected).isCorrupt()).isTrue();
    Object error = parse(true, new EntryOutput<>(picky),
        bulk(picky.encode(Entries.fresh("error"))), ioThreadFailures::add);
    assertThat(((UndecodableReply) error).isCorrupt()).isFalse();
    assertThat(((UndecodableReply) error).cause()).isInstanceOf(AssertionError.class);
    assertThat(ioThreadFailures).isEmpty();
  }

  @ParameterizedTest(name = "direct buffers: {0}")
  @ValueSource(booleans = {true, false})
  void mgetDecodesEachValueIntoItsPositionWithHolesAndCorruptMembers(boolean direct) {
    Entry<String> a = Entries.fresh("a");
    Entry<String> big = Entries.fresh("b".repeat(100_000));
    Entry<String> c = Entries.fresh("c");
    byte[] corrupt = "not an envelope".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    reply.writeBytes(ascii("*6\r\n"));
    reply.writeBytes(bulk(format.encode(a)));
    reply.writeBytes(ascii("$-1\r\n"));
    reply.writeBytes(bulk(corrupt));
    reply.writeBytes(bulk(format.encode(big)));
    reply.writeBytes(ascii("_\r\n"));
    reply.writeBytes(bulk(format.encode(c)));
    byte[] bytes = reply.toByteArray();
    for (int chunk : new int[] {bytes.length, 7, 1_000, 65_536}) {
      Object[] read = parseInChunks(direct, new EntriesOutput<>(format, 6), bytes, chunk);
      assertThat(read[0]).isEqualTo(a);
      assertThat(read[1]).isNull();
      assertThat(((UndecodableReply) read[2]).bytes()).isEqualTo(corrupt);
      assertThat(read[3]).isEqualTo(big);
      assertThat(read[4]).isNull();
      assertThat(read[5]).isEqualTo(c);
    }
  }

  @Test
  void aReplyReadAgainFromItsStartFillsThePositionsAgain() {
    Entry<String> a = Entries.fresh("a");
    EntriesOutput<String> output = new EntriesOutput<>(format, 2);
    output.multi(2);
    output.set(ByteBuffer.wrap(format.encode(Entries.fresh("partial"))));
    output.multi(2); // the command was sent again after a reconnect
    output.set(ByteBuffer.wrap(format.encode(a)));
    output.set((ByteBuffer) null);
    assertThat(output.get()).containsExactly(a, null);
  }

  @Test
  void anEnvelopeInsideALargerHeapArrayIsReadInPlace() {
    Entry<String> entry = Entries.fresh("in place", java.time.Duration.ofMinutes(1));
    byte[] envelope = format.encode(entry);
    byte[] framed = new byte[envelope.length + 20];
    System.arraycopy(envelope, 0, framed, 11, envelope.length);
    ByteBuffer slice = ByteBuffer.wrap(framed, 5, envelope.length + 10).slice();
    slice.position(6).limit(6 + envelope.length);
    assertThat(EnvelopeReplies.decode(format, slice)).isEqualTo(entry);
    assertThat(slice.position()).isEqualTo(6);
    assertThat(EnvelopeReplies.decode(format, slice.asReadOnlyBuffer())).isEqualTo(entry);
    assertThat(EnvelopeReplies.decode(format, ByteBuffer.wrap(Map.of().toString().getBytes())))
        .isInstanceOf(UndecodableReply.class);
  }

  // ------------------------------------------------------------------ helpers

  private static <T> T parse(boolean direct, CommandOutput<String, byte[], T> output,
      byte[] reply) {
    return parse(direct, output, reply, e -> {
      throw new AssertionError("the output threw on the I/O thread", e);
    });
  }

  private static <T> T parse(boolean direct, CommandOutput<String, byte[], T> output,
      byte[] reply, java.util.function.Consumer<Exception> ioThreadFailures) {
    RedisStateMachine rsm = new RedisStateMachine(direct ? DIRECT : HEAP);
    try {
      assertThat(rsm.decode(Unpooled.wrappedBuffer(reply), output, ioThreadFailures)).isTrue();
      return output.get();
    } finally {
      rsm.close();
    }
  }

  private static <T> T parseInChunks(boolean direct, CommandOutput<String, byte[], T> output,
      byte[] reply, int chunk) {
    RedisStateMachine rsm = new RedisStateMachine(direct ? DIRECT : HEAP);
    try {
      ByteBuf in = Unpooled.buffer();
      boolean done = false;
      for (int at = 0; at < reply.length; at += chunk) {
        assertThat(done).isFalse();
        in.writeBytes(reply, at, Math.min(chunk, reply.length - at));
        done = rsm.decode(in, output, e -> {
          throw new AssertionError("the output threw on the I/O thread", e);
        });
        in.discardReadBytes();
      }
      assertThat(done).isTrue();
      return output.get();
    } finally {
      rsm.close();
    }
  }

  private static byte[] bulk(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii("$" + value.length + "\r\n"));
    out.writeBytes(value);
    out.writeBytes(ascii("\r\n"));
    return out.toByteArray();
  }

  private static int headerLength(byte[] bulk) {
    int i = 0;
    while (bulk[i] != '\n') {
      i++;
    }
    return i + 1;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
