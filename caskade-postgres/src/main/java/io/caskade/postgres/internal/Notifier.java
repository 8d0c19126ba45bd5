package io.caskade.postgres.internal;

import io.caskade.tier.TierException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Publishes notifications: {@code SELECT pg_notify(channel, payload)}, several payloads in one
 * transaction (delivered together, in order, at commit). Through the configured data source, or
 * else through a connection of its own, opened on first use and again after a failure. A failure
 * is a {@link TierException}: the composed tier queues the invalidation and replays it.
 */
public final class Notifier implements AutoCloseable {

  private static final String NOTIFY = "SELECT pg_notify(?, ?)";

  private final BusSettings settings;
  private final String applicationName;
  private Connection own;
  private boolean closed;

  /** A notifier whose own connection is named {@code applicationName}. */
  public Notifier(BusSettings settings, String applicationName) {
    this.settings = settings;
    this.applicationName = applicationName;
  }

  /** Sends {@code payloads} on {@code channel}, all or none. */
  public void notify(String channel, List<String> payloads) {
    if (payloads.isEmpty()) {
      return;
    }
    if (settings.publishing() != null) {
      try (Connection c = settings.publishing().getConnection()) {
        send(c, channel, payloads);
      } catch (SQLException e) {
        throw new TierException("cannot notify on PostgreSQL channel " + channel + ": "
            + e.getMessage(), e);
      }
      return;
    }
    synchronized (this) {
      if (closed) {
        throw new TierException("the PostgreSQL bus is closed");
      }
      try {
        if (own == null) {
          own = Connections.open(settings, applicationName, true);
        }
        send(own, channel, payloads);
      } catch (SQLException e) {
        closeOwn();
        throw new TierException("cannot notify on PostgreSQL channel " + channel + ": "
            + e.getMessage(), e);
      }
    }
  }

  private static void send(Connection c, String channel, List<String> payloads)
      throws SQLException {
    if (payloads.size() == 1) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
        ps.setString(1, channel);
        ps.setString(2, payloads.get(0));
        ps.execute();
      }
      return;
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement(NOTIFY)) {
      for (String p : payloads) {
        ps.setString(1, channel);
        ps.setString(2, p);
        ps.execute();
      }
      c.commit();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        e.addSuppressed(ignored);
      }
      throw e;
    } finally {
      if (auto) {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // the connection is broken; the caller closes it
        }
      }
    }
  }

  private void closeOwn() {
    if (own != null) {
      try {
        own.close();
      } catch (SQLException ignored) {
        // already broken
      }
      own = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    closeOwn();
  }
}
