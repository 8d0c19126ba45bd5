package io.caskade.cdc.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a logical replication slot's retained WAL, whether or not its consumer runs: a slot
 * whose consumer stopped keeps every WAL segment since its confirmed position, so the server's
 * disk grows until someone notices. Logs a WARN when the lag reaches {@code warnAtBytes} (and when
 * the server reports the slot's WAL {@code unreserved} or {@code lost}), an INFO when it is back
 * under. Run one on every instance (it is one cheap query per interval), so the warning fires
 * even when the consumer's own process is the one that stopped.
 *
 * <p>The hard limit is the server's: set {@code max_slot_wal_keep_size} so a forgotten slot is
 * invalidated (its {@code wal_status} becomes {@code lost}) instead of filling the disk; after
 * that the consumer cannot resume and the caches must be flushed.
 */
public final class SlotMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlotMonitor.class);

  /** Default warning threshold: 256 MiB of retained WAL. */
  public static final long DEFAULT_WARN_AT_BYTES = 256L * 1024 * 1024;

  private final ConnectionFactory connections;
  private final String slot;
  private final long warnAtBytes;
  private volatile SlotStatus status;
  private ScheduledExecutorService timer;

  SlotMonitor(ConnectionFactory connections, String slot, long warnAtBytes) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.slot = Objects.requireNonNull(slot, "slot");
    if (warnAtBytes <= 0) {
      throw new IllegalArgumentException("warnAtBytes must be positive: " + warnAtBytes);
    }
    this.warnAtBytes = warnAtBytes;
    this.status = SlotStatus.unknown(slot);
  }

  /** A monitor of {@code slot} on the database at {@code jdbcUrl}. */
  public static SlotMonitor of(String jdbcUrl, String user, String password, String slot,
      long warnAtBytes) {
    return new SlotMonitor(new ConnectionFactory(jdbcUrl, user, password), slot, warnAtBytes);
  }

  /** Checks now and returns (and keeps) the slot's status. */
  public SlotStatus check() throws SQLException {
    SlotStatus previous = status;
    SlotStatus now = query();
    status = now;
    if (now.warning() && !previous.warning()) {
      LOG.warn("replication slot {} retains {} bytes of WAL (warning at {}), wal_status={},"
              + " active={}: its consumer is stopped or behind; set max_slot_wal_keep_size to"
              + " bound it, or drop the slot and flush the caches", slot, now.lagBytes(),
          warnAtBytes, now.walStatus(), now.active());
    } else if (!now.warning() && previous.warning()) {
      LOG.info("replication slot {} is back under {} bytes of WAL ({})", slot, warnAtBytes,
          now.lagBytes());
    }
    return now;
  }

  /** The last status {@link #check()} found. */
  public SlotStatus status() {
    return status;
  }

  /** The warning threshold. */
  public long warnAtBytes() {
    return warnAtBytes;
  }

  /** Checks every {@code interval} on a daemon thread until {@link #close()}. Returns this. */
  public synchronized SlotMonitor start(Duration interval) {
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "caskade-cdc-slot-monitor-" + slot);
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(() -> {
      try {
        check();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("slot {} check failed: {}", slot, e.toString());
      }
    }, 0, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private SlotStatus query() throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement p = c.prepareStatement("SELECT active,"
            + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,"
            + " wal_status, safe_wal_size FROM pg_replication_slots WHERE slot_name = ?")) {
      p.setString(1, slot);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return new SlotStatus(slot, false, false, 0, "absent", -1, false);
        }
        boolean active = rs.getBoolean(1);
        long lag = rs.getLong(2);
        if (rs.wasNull()) {
          lag = -1;
        }
        String wal = rs.getString(3);
        long safe = rs.getLong(4);
        if (rs.wasNull()) {
          safe = -1;
        }
        boolean warning = lag >= warnAtBytes || "unreserved".equals(wal) || "lost".equals(wal);
        return new SlotStatus(slot, true, active, lag, wal, safe, warning);
      }
    }
  }
}
