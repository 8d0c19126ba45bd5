package io.caskade.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pgoutput messages built byte by byte as the protocol documents them. */
class PgOutputDecoderTest {

  private final List<Object> seen = new ArrayList<>();
  private final PgOutputDecoder decoder = new PgOutputDecoder();
  private final PgOutputDecoder.Listener listener = new PgOutputDecoder.Listener() {
    @Override
    public void begin(Instant commitTime) {
      seen.add("begin " + commitTime);
    }

    @Override
    public void change(Change change) {
      seen.add(change);
    }

    @Override
    public void truncate(List<String> tables) {
      seen.add("truncate " + tables);
    }

    @Override
    public void commit(long endLsn, Instant commitTime) {
      seen.add("commit " + endLsn);
    }
  };

  @Test
  void decodesATransactionWithAKeyChangingUpdateNullsAndUnchangedToast() throws IOException {
    decoder.decode(msg(o -> {
      o.writeByte('R');
      o.writeInt(42);
      cstring(o, "public");
      cstring(o, "users");
      o.writeByte('f');
      o.writeShort(3);
      for (String c : new String[] {"id", "email", "bio"}) {
        o.writeByte(c.equals("id") ? 1 : 0);
        cstring(o, c);
        o.writeInt(25);
        o.writeInt(-1);
      }
    }), listener);
    decoder.decode(msg(o -> {
      o.writeByte('B');
      o.writeLong(100);
      o.writeLong(0);  // 2000-01-01T00:00:00Z
      o.writeInt(7);
    }), listener);
    decoder.decode(msg(o -> {
      o.writeByte('U');
      o.writeInt(42);
      o.writeByte('O');
      o.writeShort(3);
      text(o, "1");
      text(o, "a@x");
      o.writeByte('n');
      o.writeByte('N');
      o.writeShort(3);
      text(o, "1");
      text(o, "b@x");
      o.writeByte('u');
    }), listener);
    decoder.decode(msg(o -> {
      o.writeByte('C');
      o.writeByte(0);
      o.writeLong(100);
      o.writeLong(164);
      o.writeLong(1_000_000);
    }), listener);

    assertThat(seen).hasSize(3);
    assertThat(seen.get(0)).isEqualTo("begin 2000-01-01T00:00:00Z");
    Change change = (Change) seen.get(1);
    assertThat(change.kind()).isEqualTo(Change.Kind.UPDATE);
    assertThat(change.table()).isEqualTo("public.users");
    assertThat(change.before().get("email")).isEqualTo("a@x");
    assertThat(change.before().has("bio")).isTrue();
    assertThat(change.before().get("bio")).isNull();
    assertThat(change.after().get("email")).isEqualTo("b@x");
    assertThat(change.after().has("bio")).isFalse();
    assertThat(seen.get(2)).isEqualTo("commit 164");
  }

  private interface Writer {
    void write(DataOutputStream o) throws IOException;
  }

  private static ByteBuffer msg(Writer w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream o = new DataOutputStream(bytes)) {
      w.write(o);
    }
    return ByteBuffer.wrap(bytes.toByteArray());
  }

  private static void cstring(DataOutputStream o, String s) throws IOException {
    o.write(s.getBytes(StandardCharsets.UTF_8));
    o.writeByte(0);
  }

  private static void text(DataOutputStream o, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    o.writeByte('t');
    o.writeInt(b.length);
    o.write(b);
  }
}
