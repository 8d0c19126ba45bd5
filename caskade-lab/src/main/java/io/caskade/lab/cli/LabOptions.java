package io.caskade.lab.cli;

import io.caskade.lab.scenario.LabSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every lab command shares; unset options keep the command's defaults. */
final class LabOptions {

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Database: jdbc:h2:… or jdbc:postgresql://… (default: embedded H2 in memory).")
  String jdbcUrl;

  @Option(names = "--db-user", paramLabel = "USER",
      description = "Database user (default for PostgreSQL: postgres).")
  String dbUser;

  @Option(names = "--redis-url", paramLabel = "URL",
      description = "Redis for the L2 scenarios (default: REDIS_URL, else 127.0.0.1:6379, else an embedded redis-server).")
  String redisUrl;

  @Option(names = "--l2", paramLabel = "KIND",
      description = "Shared tier of the L2 scenarios (herd, hierarchy, patterns, redis-down): redis or memcached (default: redis). Memcached needs the memcached binary on PATH; the lab starts three servers itself.")
  String l2;

  @Option(names = "--instances", paramLabel = "N",
      description = "Simulated application instances, each with its own caches (default: 2).")
  Integer instances;

  @Option(names = "--clients", paramLabel = "N",
      description = "Closed-loop client threads spread over the instances (default: 200).")
  Integer clients;

  @Option(names = "--duration", paramLabel = "TIME",
      description = "How long each variant runs, e.g. 5s (default: 10s; tour: 4s).")
  Duration duration;

  @Option(names = "--max-requests", paramLabel = "N",
      description = "Each variant stops after this many requests at the latest (default: 20,000,000).")
  Long maxRequests;

  @Option(names = "--keys", paramLabel = "N",
      description = "Rows in the users table, ids 1..N (default: 10000).")
  Long keys;

  @Option(names = "--zipf", paramLabel = "S",
      description = "Zipf exponent of key popularity; 0 = uniform (default: 1.0).")
  Double zipf;

  @Option(names = "--source-latency", paramLabel = "TIME",
      description = "Cost of every query inside the database (default: 20ms).")
  Duration sourceLatency;

  @Option(names = "--source-capacity", paramLabel = "N",
      description = "Database connections, i.e. queries running at once (default: 8).")
  Integer sourceCapacity;

  @Option(names = "--source-queue-timeout", paramLabel = "TIME",
      description = "How long a caller waits for a connection before failing, at least 250ms (default: 500ms).")
  Duration sourceQueueTimeout;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 42).")
  Long seed;

  @Option(names = "--think-time", paramLabel = "TIME",
      description = "Each client's pause between requests, the application's own work (default: 1ms).")
  Duration thinkTime;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Also write an offline HTML report with charts to DIR/index.html.")
  Path report;

  /** {@code base} with every option that was given. */
  LabSettings apply(LabSettings base) {
    return new LabSettings(
        jdbcUrl != null ? jdbcUrl : base.jdbcUrl(),
        dbUser != null ? dbUser : base.dbUser(),
        redisUrl != null ? redisUrl : base.redisUrl(),
        instances != null ? instances : base.instances(),
        clients != null ? clients : base.clients(),
        duration != null ? duration : base.duration(),
        maxRequests != null ? maxRequests : base.maxRequests(),
        keys != null ? keys : base.keys(),
        zipf != null ? zipf : base.zipf(),
        sourceLatency != null ? sourceLatency : base.sourceLatency(),
        sourceCapacity != null ? sourceCapacity : base.sourceCapacity(),
        sourceQueueTimeout != null ? sourceQueueTimeout : base.sourceQueueTimeout(),
        seed != null ? seed : base.seed(),
        thinkTime != null ? thinkTime : base.thinkTime(),
        l2 != null ? l2 : base.l2());
  }
}
