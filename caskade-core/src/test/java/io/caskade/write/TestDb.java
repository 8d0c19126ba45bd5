package io.caskade.write;

import io.caskade.testkit.PostgresServers;
import io.caskade.write.jdbc.JdbcUpsertWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh table {@code (id VARCHAR PRIMARY KEY, val VARCHAR(40) CHECK (val <> 'refused'), seq
 * BIGINT)} on the real PostgreSQL (PostgresServers), or on in-memory H2 only when no PostgreSQL
 * answers and CI is not set. The CHECK lets the source itself refuse a value.
 */
final class TestDb implements AutoCloseable {

  static final String REFUSED = "refused";

  final String url;
  final String user;
  final String password;
  final String table;
  final boolean postgres;

  private TestDb(String url, String user, String password, boolean postgres) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.postgres = postgres;
    this.table = "wb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static TestDb create() {
    String pg = PostgresServers.jdbcUrl();
    TestDb db = pg != null
        ? new TestDb(pg, PostgresServers.user(), PostgresServers.password(), true)
        : new TestDb("jdbc:h2:mem:wb" + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1", "sa", "", false);
    db.exec("CREATE TABLE " + db.table + " (id VARCHAR(64) PRIMARY KEY, val VARCHAR(40) "
        + "CHECK (val <> '" + REFUSED + "'), seq BIGINT)");
    return db;
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

  /** A sequenced upsert writer for the table (key id, value val, sequence seq). */
  JdbcUpsertWriter<String, String> sequencedWriter() {
    return JdbcUpsertWriter.<String, String>builder(url, user, password, table)
        .keyColumn("id").column("val", v -> v).sequenceColumn("seq").build();
  }

  /** An upsert writer without a sequence column. */
  JdbcUpsertWriter<String, String> plainWriter() {
    return JdbcUpsertWriter.<String, String>builder(url, user, password, table)
        .keyColumn("id").column("val", v -> v).build();
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

  String row(String id) {
    return rows().get(id);
  }

  @Override
  public void close() {
    exec("DROP TABLE IF EXISTS " + table);
  }
}
