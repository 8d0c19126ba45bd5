package io.caskade.lab.scenario;

import io.caskade.lab.source.SourceSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a lab run is configured with (the CLI's options).
 *
 * @param jdbcUrl the database, or null for a fresh in-memory H2
 * @param dbUser the database user (PostgreSQL), or null
 * @param redisUrl the Redis for L2 scenarios, or null for the default discovery
 * @param instances simulated application instances, each with its own caches
 * @param clients closed-loop client threads spread over the instances
 * @param duration how long each variant runs
 * @param maxRequests each variant stops after this many requests at the latest
 * @param keys rows in the {@code users} table (ids 1..keys)
 * @param zipf Zipf exponent of key popularity; 0 for uniform
 * @param sourceLatency cost of each query inside the database
 * @param sourceCapacity database connections (queries running at once)
 * @param sourceQueueTimeout how long a caller waits for a connection before failing
 * @param seed seeds key choice and the caches' randomness
 * @param thinkTime each client's pause between requests
 * @param l2 the shared tier of the L2 scenarios: {@code redis} (default) or {@code memcached}
 */
public record LabSettings(String jdbcUrl, String dbUser, String redisUrl, int instances,
    int clients, Duration duration, long maxRequests, long keys, double zipf,
    Duration sourceLatency, int sourceCapacity, Duration sourceQueueTimeout, long seed,
    Duration thinkTime, String l2) {

  /** The shared tiers the lab can run on. */
  public static final java.util.List<String> L2_KINDS = java.util.List.of("redis", "memcached");

  public LabSettings {
    Objects.requireNonNull(l2, "l2");
    if (!L2_KINDS.contains(l2)) {
      throw new IllegalArgumentException("l2 must be one of " + L2_KINDS + ": " + l2);
    }
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(sourceLatency, "sourceLatency");
    Objects.requireNonNull(sourceQueueTimeout, "sourceQueueTimeout");
    Objects.requireNonNull(thinkTime, "thinkTime");
    if (instances <= 0 || clients <= 0) {
      throw new IllegalArgumentException("instances and clients must be positive");
    }
    if (zipf < 0) {
      throw new IllegalArgumentException("zipf must not be negative: " + zipf);
    }
  }

  /** The lab's defaults: H2 in memory, 2 instances, 200 clients, 10,000 keys, 20ms per query, 8 connections, 1ms think time. */
  public static LabSettings defaults() {
    return new LabSettings(null, null, null, 2, 200, Duration.ofSeconds(10), 20_000_000, 10_000,
        1.0, Duration.ofMillis(20), 8, Duration.ofMillis(500), 42, Duration.ofMillis(1), "redis");
  }

  /** These settings with another duration. */
  public LabSettings withDuration(Duration d) {
    return new LabSettings(jdbcUrl, dbUser, redisUrl, instances, clients, d, maxRequests, keys,
        zipf, sourceLatency, sourceCapacity, sourceQueueTimeout, seed, thinkTime, l2);
  }

  /** These settings with another number of clients. */
  public LabSettings withClients(int n) {
    return new LabSettings(jdbcUrl, dbUser, redisUrl, instances, n, duration, maxRequests, keys,
        zipf, sourceLatency, sourceCapacity, sourceQueueTimeout, seed, thinkTime, l2);
  }

  /** The database these settings describe. */
  public SourceSettings source() {
    return new SourceSettings(jdbcUrl == null ? SourceSettings.inMemoryH2() : jdbcUrl,
        dbUser != null ? dbUser : (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")
            ? "postgres" : null),
        keys, sourceLatency, sourceCapacity, sourceQueueTimeout);
  }
}
