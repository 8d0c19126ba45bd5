package io.caskade.cdc.postgres;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * One streaming session on the slot: decodes pgoutput, collects each transaction's invalidations,
 * applies them at its commit and only then confirms the commit's end position to the server
 * (at-least-once: a session that dies between apply and confirm re-applies on the next one).
 * Between transactions it confirms what the server's keepalives report, so unrelated WAL does not
 * pile up behind the slot.
 */
final class ReplicationSession implements PgOutputDecoder.Listener {

  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Map<String, List<TableMapping<?>>> mappings;
  private final InvalidationCounters counters;
  private final java.util.function.Consumer<InvalidationPlan> afterApply;
  private final PgOutputDecoder decoder = new PgOutputDecoder();
  private final InvalidationPlan plan = new InvalidationPlan();
  private PGReplicationStream stream;
  private boolean inTransaction;

  ReplicationSession(Map<String, List<TableMapping<?>>> mappings,
      InvalidationCounters counters, java.util.function.Consumer<InvalidationPlan> afterApply) {
    this.mappings = mappings;
    this.counters = counters;
    this.afterApply = afterApply;
  }

  /** Streams until {@code stop} says so or the connection fails. */
  void run(Connection replication, String slot, String publication, Duration statusInterval,
      BooleanSupplier stop) throws SQLException {
    stream = replication.unwrap(PGConnection.class).getReplicationAPI()
        .replicationStream().logical()
        .withSlotName(slot)
        .withSlotOption("proto_version", 1)
        .withSlotOption("publication_names", publication)
        .withStatusInterval((int) Math.max(1, statusInterval.toMillis()), TimeUnit.MILLISECONDS)
        .start();
    counters.streaming(true);
    try {
      while (!stop.getAsBoolean()) {
        ByteBuffer message = stream.readPending();
        if (message == null) {
          if (!inTransaction) {
            confirm(stream.getLastReceiveLSN());
          }
          LockSupport.parkNanos(IDLE_PARK_NANOS);
          continue;
        }
        decoder.decode(message, this);
      }
      stream.forceUpdateStatus();
    } finally {
      counters.streaming(false);
      stream.close();
    }
  }

  @Override
  public void begin(Instant commitTime) {
    inTransaction = true;
    plan.clear();
  }

  @Override
  public void change(Change change) {
    List<TableMapping<?>> forTable = mappings.get(change.table());
    if (forTable == null) {
      return;
    }
    counters.change();
    for (TableMapping<?> m : forTable) {
      m.collect(change, plan);
    }
  }

  @Override
  public void truncate(List<String> tables) {
    for (String table : tables) {
      for (TableMapping<?> m : mappings.getOrDefault(table, List.of())) {
        m.collectTruncate(plan);
      }
    }
  }

  @Override
  public void commit(long endLsn, Instant commitTime) {
    if (!plan.isEmpty()) {
      plan.apply();  // throws: the session ends unconfirmed and the next one re-applies
      counters.applied(plan.size(), commitTime);
      afterApply.accept(plan);
    }
    counters.transaction();
    plan.clear();
    inTransaction = false;
    confirm(LogSequenceNumber.valueOf(endLsn));
  }

  private void confirm(LogSequenceNumber lsn) {
    if (lsn == null || lsn.asLong() <= counters.confirmed()) {
      return;
    }
    stream.setAppliedLSN(lsn);
    stream.setFlushedLSN(lsn);
    counters.confirmed(lsn.asLong());
  }
}
