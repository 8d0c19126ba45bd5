package io.caskade.lab.source;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How fragile the database is.
 *
 * @param jdbcUrl where it lives: {@code jdbc:h2:…} (embedded, default in memory) or
 *     {@code jdbc:postgresql://…}
 * @param user the database user (PostgreSQL), may be null
 * @param keys how many rows the {@code users} table holds (ids 1..keys)
 * @param latency what every query costs inside the database (server-side sleep)
 * @param capacity how many connections the pool holds: queries running at once
 * @param queueTimeout how long a caller waits for a connection before the query fails
 */
public record SourceSettings(String jdbcUrl, String user, long keys, Duration latency, int capacity,
    Duration queueTimeout) {

  /** The smallest queue timeout HikariCP accepts. */
  public static final Duration MIN_QUEUE_TIMEOUT = Duration.ofMillis(250);

  public SourceSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    if (keys <= 0) {
      throw new IllegalArgumentException("keys must be positive: " + keys);
    }
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    if (queueTimeout.compareTo(MIN_QUEUE_TIMEOUT) < 0) {
      throw new IllegalArgumentException("queueTimeout must be at least 250ms: " + queueTimeout);
    }
  }

  /** A fresh, private in-memory H2 database. */
  public static String inMemoryH2() {
    return "jdbc:h2:mem:caskade-lab-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  /** True when the URL names a PostgreSQL database. */
  public boolean postgres() {
    return jdbcUrl.startsWith("jdbc:postgresql:");
  }
}
