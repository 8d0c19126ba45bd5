package io.caskade.cdc.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the messages of PostgreSQL's {@code pgoutput} plugin, protocol version 1 (the
 * "Logical Replication Message Formats" of the PostgreSQL manual): Begin, Commit, Relation,
 * Insert, Update, Delete, Truncate; Origin and Type are skipped. Keeps the relations it has been
 * told about (a session re-sends them before first use). Not thread-safe: one per stream.
 */
final class PgOutputDecoder {

  /** PostgreSQL timestamps count microseconds from 2000-01-01T00:00:00Z. */
  static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

  /** What the decoder found in one message. */
  interface Listener {
    void begin(Instant commitTime);

    void change(Change change);

    void truncate(List<String> tables);

    void commit(long endLsn, Instant commitTime);
  }

  private final Map<Integer, Relation> relations = new HashMap<>();

  /** Decodes one message (the payload of an XLogData record) and tells {@code listener}. */
  void decode(ByteBuffer buffer, Listener listener) {
    char type = (char) buffer.get();
    switch (type) {
      case 'B' -> {
        buffer.getLong();  // final LSN
        Instant at = timestamp(buffer.getLong());
        buffer.getInt();  // xid
        listener.begin(at);
      }
      case 'C' -> {
        buffer.get();  // flags
        buffer.getLong();  // commit LSN
        long end = buffer.getLong();
        listener.commit(end, timestamp(buffer.getLong()));
      }
      case 'R' -> relation(buffer);
      case 'I' -> {
        Relation r = relation(buffer.getInt());
        buffer.get();  // 'N'
        listener.change(new Change(r.table(), Change.Kind.INSERT, null, tuple(buffer, r)));
      }
      case 'U' -> {
        Relation r = relation(buffer.getInt());
        Row before = null;
        char part = (char) buffer.get();
        if (part == 'K' || part == 'O') {
          before = tuple(buffer, r);
          part = (char) buffer.get();
        }
        if (part != 'N') {
          throw new IllegalStateException("update of " + r.table() + ": expected N, got " + part);
        }
        listener.change(new Change(r.table(), Change.Kind.UPDATE, before, tuple(buffer, r)));
      }
      case 'D' -> {
        Relation r = relation(buffer.getInt());
        buffer.get();  // 'K' or 'O'
        listener.change(new Change(r.table(), Change.Kind.DELETE, tuple(buffer, r), null));
      }
      case 'T' -> {
        int n = buffer.getInt();
        buffer.get();  // options
        List<String> tables = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          tables.add(relation(buffer.getInt()).table());
        }
        listener.truncate(tables);
      }
      case 'O', 'Y', 'M' -> { }  // origin, type, logical message: nothing to invalidate
      default -> throw new IllegalStateException("unknown pgoutput message " + type);
    }
  }

  private void relation(ByteBuffer buffer) {
    int id = buffer.getInt();
    String schema = string(buffer);
    String name = string(buffer);
    buffer.get();  // replica identity setting
    int n = buffer.getShort();
    List<String> columns = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      buffer.get();  // flags (1 = part of the key)
      columns.add(string(buffer));
      buffer.getInt();  // type OID
      buffer.getInt();  // type modifier
    }
    relations.put(id, new Relation(id, schema + "." + name, List.copyOf(columns)));
  }

  private Relation relation(int id) {
    Relation r = relations.get(id);
    if (r == null) {
      throw new IllegalStateException("change of relation " + id + " before its description");
    }
    return r;
  }

  private static Row tuple(ByteBuffer buffer, Relation r) {
    int n = buffer.getShort();
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String column = i < r.columns().size() ? r.columns().get(i) : "#" + i;
      char kind = (char) buffer.get();
      switch (kind) {
        case 'n' -> values.put(column, null);
        case 'u' -> { }  // unchanged TOASTed value: not sent
        case 't', 'b' -> {
          byte[] bytes = new byte[buffer.getInt()];
          buffer.get(bytes);
          values.put(column, new String(bytes, StandardCharsets.UTF_8));
        }
        default -> throw new IllegalStateException("unknown tuple column kind " + kind);
      }
    }
    return new Row(r.table(), values);
  }

  private static String string(ByteBuffer buffer) {
    int start = buffer.position();
    int end = start;
    while (buffer.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - start];
    buffer.get(bytes);
    buffer.get();  // the terminator
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static Instant timestamp(long pgMicros) {
    long micros = pgMicros + PG_EPOCH_MICROS;
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
