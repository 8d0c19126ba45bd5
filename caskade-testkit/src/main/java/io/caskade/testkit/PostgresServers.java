package io.caskade.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The PostgreSQL that tests and the lab use: {@code PG_URL} when set, else
 * {@code jdbc:postgresql://127.0.0.1:5432/test} (user {@code postgres}) when something listens
 * there, else null so the caller falls back to H2 — except with {@code CI=true}, where a missing
 * PostgreSQL is a failure.
 */
public final class PostgresServers {

  /** The local default, used when nothing else is configured. */
  public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private PostgresServers() {}

  /** A JDBC URL, or null when there is no PostgreSQL and CI is not set. */
  public static String jdbcUrl() {
    String url = System.getenv("PG_URL");
    if (url != null && !url.isBlank()) {
      return url.trim();
    }
    if (listens("127.0.0.1", 5432)) {
      return LOCAL_URL;
    }
    if (RedisServers.inCi()) {
      throw new IllegalStateException("CI=true but no PostgreSQL on 127.0.0.1:5432 and PG_URL "
          + "is not set");
    }
    return null;
  }

  /** The user for {@link #jdbcUrl()}: {@code PG_USER}, else {@code postgres}. */
  public static String user() {
    String user = System.getenv("PG_USER");
    return user == null || user.isBlank() ? "postgres" : user;
  }

  /** The password: {@code PG_PASSWORD}, else empty (trust authentication). */
  public static String password() {
    String pw = System.getenv("PG_PASSWORD");
    return pw == null ? "" : pw;
  }

  private static boolean listens(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
