package io.caskade.cdc.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.PGProperty;

/** Plain and replication connections to one PostgreSQL database. */
final class ConnectionFactory {

  private final String jdbcUrl;
  private final String user;
  private final String password;

  ConnectionFactory(String jdbcUrl, String user, String password) {
    this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
    }
    this.user = user;
    this.password = password;
  }

  String url() {
    return jdbcUrl;
  }

  /** An ordinary connection (setup, slot monitoring). */
  Connection open() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, base());
  }

  /** A logical replication connection (walsender), as the driver's replication API needs. */
  Connection openReplication() throws SQLException {
    Properties p = base();
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
    PGProperty.REPLICATION.set(p, "database");
    PGProperty.PREFER_QUERY_MODE.set(p, "simple");
    return DriverManager.getConnection(jdbcUrl, p);
  }

  private Properties base() {
    Properties p = new Properties();
    if (user != null) {
      PGProperty.USER.set(p, user);
    }
    if (password != null) {
      PGProperty.PASSWORD.set(p, password);
    }
    return p;
  }
}
