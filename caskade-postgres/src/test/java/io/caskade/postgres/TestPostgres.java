package io.caskade.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.caskade.testkit.PostgresServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL the bus tests run on (testkit's discovery: {@code PG_URL}, else the local
 * server; with {@code CI=true} a missing server fails), hubs with short reconnect intervals, and
 * the killing of a hub's own listening backend.
 */
final class TestPostgres implements AutoCloseable {

  private final String url;
  private final List<PostgresBusHub> hubs = new ArrayList<>();

  TestPostgres() {
    this.url = PostgresServers.jdbcUrl();
    assumeTrue(url != null, "no PostgreSQL (set PG_URL or run one on 127.0.0.1:5432)");
  }

  String url() {
    return url;
  }

  /** A hub that reconnects after 200 ms (at most 1 s apart), closed by {@link #close()}. */
  PostgresBusHub hub() {
    PostgresBusHub hub = PostgresBusHub.builder()
        .url(url).user(PostgresServers.user()).password(PostgresServers.password())
        .applicationName("caskade-test")
        .reconnectInterval(Duration.ofMillis(200), Duration.ofSeconds(1))
        .healthCheckInterval(Duration.ofSeconds(1))
        .build();
    hubs.add(hub);
    return hub;
  }

  Connection admin() throws SQLException {
    return DriverManager.getConnection(url, PostgresServers.user(), PostgresServers.password());
  }

  /**
   * Terminates the listening backend of {@code hub} (only that session: the shared server and
   * other tests' sessions are untouched); returns how many backends were terminated.
   */
  int terminateListener(PostgresBusHub hub) {
    return terminate(hub.listenerApplicationName());
  }

  /** Terminates the sessions named {@code applicationName}. */
  int terminate(String applicationName) {
    try (Connection c = admin();
        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM "
            + "pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getBoolean(1)) {
            n++;
          }
        }
      }
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sessions whose application_name starts with {@code prefix}. */
  int sessions(String prefix) {
    try (Connection c = admin();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
            + "WHERE application_name LIKE ?")) {
      ps.setString(1, prefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    hubs.forEach(PostgresBusHub::close);
    hubs.clear();
  }
}
