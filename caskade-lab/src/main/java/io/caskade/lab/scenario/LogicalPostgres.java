package io.caskade.lab.scenario;

import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.SourceSettings;
import io.caskade.testkit.PostgresProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL of the scenarios that need it (change-log invalidation needs {@code
 * wal_level=logical}): the one given with {@code --jdbc-url} when it is PostgreSQL, else one the
 * lab starts itself ({@code initdb} in a temporary directory, logical WAL, a free port; stopped by
 * pid when the lab exits), else an error that says how to get one.
 */
final class LogicalPostgres {

  private static PostgresProcess owned;

  private LogicalPostgres() {}

  /**
   * True when the lab can start its own PostgreSQL (the binaries are installed): the {@code cdc}
   * variants are listed only then, so that a tour never stops on a machine without PostgreSQL.
   */
  static boolean installed() {
    return PostgresProcess.available();
  }

  /** The JDBC URL: the given PostgreSQL, else the lab's own (started on first use). */
  static synchronized String jdbcUrl(LabSettings s) {
    if (isPostgres(s)) {
      return s.jdbcUrl();
    }
    if (owned == null) {
      if (!PostgresProcess.available()) {
        throw new IllegalStateException("this variant needs PostgreSQL with wal_level=logical:"
            + " pass --jdbc-url jdbc:postgresql://… to one (ALTER SYSTEM SET wal_level = logical;"
            + " restart), or install PostgreSQL (Debian: apt-get install postgresql) so the lab"
            + " starts its own with initdb");
      }
      PostgresProcess pg = PostgresProcess.start();
      Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "caskade-lab-postgres-stop"));
      owned = pg;
    }
    return owned.jdbcUrl();
  }

  /** The database user for {@link #jdbcUrl}. */
  static String user(LabSettings s) {
    return isPostgres(s) ? s.source().user() : "postgres";
  }

  /**
   * Opens the lab's {@code users} table (re-created and seeded) on this PostgreSQL, with the
   * settings' latency and capacity.
   *
   * @throws IllegalStateException when the server does not run {@code wal_level=logical}
   */
  static FragileDatabase open(LabSettings s) {
    String url = jdbcUrl(s);
    requireLogicalWal(url, user(s));
    return FragileDatabase.open(new SourceSettings(url, user(s), s.keys(), s.sourceLatency(),
        s.sourceCapacity(), s.sourceQueueTimeout()));
  }

  private static void requireLogicalWal(String url, String user) {
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW wal_level")) {
      rs.next();
      String level = rs.getString(1);
      if (!"logical".equals(level)) {
        throw new IllegalStateException(url + " runs wal_level=" + level + "; change-log"
            + " invalidation needs logical (ALTER SYSTEM SET wal_level = logical; restart), or"
            + " leave out --jdbc-url so the lab starts its own PostgreSQL");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach " + url + ": " + e.getMessage(), e);
    }
  }

  private static boolean isPostgres(LabSettings s) {
    return s.jdbcUrl() != null && s.jdbcUrl().startsWith("jdbc:postgresql:");
  }
}
