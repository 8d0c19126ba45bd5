package io.caskade.lab.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** What differs between H2 and PostgreSQL: the table's name, the sleep, bulk seeding. */
enum Dialect {
  H2("users") {
    @Override
    void createSchema(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE ALIAS IF NOT EXISTS LAB_SLEEP FOR '"
            + H2Functions.class.getName() + ".sleep'");
        s.execute("DROP TABLE IF EXISTS users");
        s.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
            + " email VARCHAR(128) NOT NULL, version BIGINT NOT NULL)");
      }
    }

    @Override
    void seed(Connection c, long keys) throws SQLException {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO users (id, name, email, version)"
          + " SELECT X, CONCAT('user-', X), CONCAT('user-', X, '@caskade.test'), 1"
          + " FROM SYSTEM_RANGE(1, ?)")) {
        p.setLong(1, keys);
        p.executeUpdate();
      }
    }

    @Override
    String sleepSql() {
      return "CALL LAB_SLEEP(?)";
    }

    @Override
    void bindSleep(PreparedStatement p, long micros) throws SQLException {
      p.setLong(1, micros);
    }
  },

  POSTGRES("caskade_lab.users") {
    @Override
    void createSchema(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS caskade_lab");
        s.execute("DROP TABLE IF EXISTS caskade_lab.users");
        s.execute("CREATE TABLE caskade_lab.users (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL,"
            + " email VARCHAR(128) NOT NULL, version BIGINT NOT NULL)");
      }
    }

    @Override
    void seed(Connection c, long keys) throws SQLException {
      try (PreparedStatement p = c.prepareStatement("INSERT INTO caskade_lab.users"
          + " (id, name, email, version) SELECT g, 'user-' || g, 'user-' || g || '@caskade.test', 1"
          + " FROM generate_series(1, ?) AS g")) {
        p.setLong(1, keys);
        p.executeUpdate();
      }
    }

    @Override
    String sleepSql() {
      return "SELECT pg_sleep(?)";
    }

    @Override
    void bindSleep(PreparedStatement p, long micros) throws SQLException {
      p.setDouble(1, micros / 1_000_000.0);
    }
  };

  private final String table;

  Dialect(String table) {
    this.table = table;
  }

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException("only jdbc:h2: and jdbc:postgresql: are supported: " + jdbcUrl);
  }

  String table() {
    return table;
  }

  abstract void createSchema(Connection c) throws SQLException;

  abstract void seed(Connection c, long keys) throws SQLException;

  /** A statement that sleeps inside the database; its one parameter is bound by {@link #bindSleep}. */
  abstract String sleepSql();

  abstract void bindSleep(PreparedStatement p, long micros) throws SQLException;
}
