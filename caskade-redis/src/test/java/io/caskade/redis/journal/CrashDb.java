package io.caskade.redis.journal;

import io.caskade.testkit.PostgresServers;
import io.caskade.write.PendingWrite;
import io.caskade.write.jdbc.JdbcUpsertWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The source of the write-behind tests in this module: a table {@code (id, val, seq)} and an
 * audit table that gets one row per change in every committed batch (written in the batch's own
 * transaction), on the real PostgreSQL, or a file H2 shared between processes only when no
 * PostgreSQL answers and CI is not set.
 */
final class CrashDb {

  final String url;
  final String user;
  final String password;
  final String table;
  final String audit;
  final boolean postgres;

  CrashDb(String url, String user, String password, String table, String audit) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.table = table;
    this.audit = audit;
    this.postgres = url.startsWith("jdbc:postgresql:");
  }

  static CrashDb create() {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String pg = PostgresServers.jdbcUrl();
    CrashDb db = pg != null
        ? new CrashDb(pg, PostgresServers.user(), PostgresServers.password(), "wbc_" + suffix,
            "wbc_audit_" + suffix)
        : new CrashDb("jdbc:h2:file:" + System.getProperty("java.io.tmpdir") + "/caskade-wb-"
            + suffix + ";AUTO_SERVER=TRUE", "sa", "", "wbc_" + suffix, "wbc_audit_" + suffix);
    db.exec("CREATE TABLE " + db.table + " (id VARCHAR(64) PRIMARY KEY, val VARCHAR(64), "
        + "seq BIGINT)");
    db.exec("CREATE TABLE " + db.audit + " (id VARCHAR(64), seq BIGINT)");
    return db;
  }

  /** As command-line arguments for a child process. */
  String[] args() {
    return new String[] {url, user, password, table, audit};
  }

  static CrashDb fromArgs(String[] a, int from) {
    return new CrashDb(a[from], a[from + 1], a[from + 2], a[from + 3], a[from + 4]);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  void exec(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  long count(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  Map<String, String> rows() {
    Map<String, String> rows = new HashMap<>();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, val FROM " + table)) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Changes delivered in more than one committed batch (at-least-once re-deliveries). */
  long deliveredTwice() {
    return count("SELECT COUNT(*) FROM (SELECT id, seq FROM " + audit
        + " GROUP BY id, seq HAVING COUNT(*) > 1) d");
  }

  long audited() {
    return count("SELECT COUNT(*) FROM " + audit);
  }

  /**
   * A sequenced upsert writer that audits each batch in its transaction; with
   * {@code slowMillis > 0} each batch also holds its transaction that long (pg_sleep on
   * PostgreSQL), to be a slow source that a crash can catch mid-flush.
   */
  JdbcUpsertWriter<String, String> writer(int slowMillis) {
    return JdbcUpsertWriter.<String, String>builder(url, user, password, table)
        .keyColumn("id").column("val", v -> v).sequenceColumn("seq")
        .beforeCommit((Connection c, List<PendingWrite<String, String>> changes) -> {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + audit
              + " (id, seq) VALUES (?, ?)")) {
            for (PendingWrite<String, String> w : changes) {
              ps.setString(1, w.key());
              ps.setLong(2, w.seq());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          if (slowMillis > 0) {
            try (Statement s = c.createStatement()) {
              s.execute(postgres ? "SELECT pg_sleep(" + slowMillis / 1000.0 + ")"
                  : "SELECT COUNT(*) FROM SYSTEM_RANGE(1, " + slowMillis * 20_000L + ")");
            }
          }
        })
        .build();
  }

  void drop() {
    exec("DROP TABLE IF EXISTS " + table);
    exec("DROP TABLE IF EXISTS " + audit);
  }
}
