package io.caskade.postgres;

import io.caskade.postgres.internal.BusSettings;
import io.caskade.postgres.internal.ListenLoop;
import io.caskade.postgres.internal.Notifier;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The PostgreSQL side of an application's invalidation buses: one listening connection and its
 * thread, and one publishing connection (or a data source of the application's), shared by every
 * cache's {@link PostgresBus}. Build one per application and close it at shutdown.
 *
 * <pre>{@code
 * PostgresBusHub pg = PostgresBusHub.builder()
 *     .url("jdbc:postgresql://db:5432/app").user("app").password(secret)
 *     .build();
 * Tier<Long, User> tier = Tiers.compose(memcachedStore)
 *     .leases(memcachedLeases).versions(memcachedVersions)
 *     .bus(pg.bus())
 *     .build();
 * }</pre>
 *
 * <p>The connections carry {@code application_name} {@code <applicationName>-listen-<id>} and
 * {@code <applicationName>-notify-<id>}, visible in {@code pg_stat_activity}.
 */
public final class PostgresBusHub implements AutoCloseable {

  private final BusSettings settings;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final ListenLoop loop;
  private final Notifier notifier;
  private final Set<PostgresBus> buses = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private PostgresBusHub(BusSettings settings) {
    this.settings = settings;
    this.notifier = new Notifier(settings, settings.applicationName() + "-notify-" + id);
    this.loop = new ListenLoop(settings, listenerApplicationName(), notifier);
    loop.start();
  }

  /** A builder with the defaults of {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new bus for one cache (start it by composing it into a tier); closed with the hub. */
  public PostgresBus bus() {
    if (closed) {
      throw new IllegalStateException("the PostgreSQL bus hub is closed");
    }
    PostgresBus[] made = new PostgresBus[1];
    made[0] = new PostgresBus(loop, notifier, settings.timeout(), () -> buses.remove(made[0]));
    buses.add(made[0]);
    return made[0];
  }

  /** The {@code application_name} of the listening connection. */
  public String listenerApplicationName() {
    return settings.applicationName() + "-listen-" + id;
  }

  /** Whether the listening connection is open. */
  public boolean isConnected() {
    return loop.isConnected();
  }

  /** Closes every bus and both connections; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (PostgresBus bus : buses) {
      bus.close();
    }
    loop.close();
    notifier.close();
  }

  /**
   * Configures a hub. Defaults: URL from {@code PG_URL}, else
   * {@code jdbc:postgresql://127.0.0.1:5432/test}; user from {@code PG_USER}, else
   * {@code postgres}; password from {@code PG_PASSWORD}, else none; application name
   * {@code caskade-bus}; reconnect after 500 ms, doubling up to 10 s; the idle listening
   * connection checked every 5 s; 5 s connect and publish timeout.
   */
  public static final class Builder {
    private String url = env("PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private String user = env("PG_USER", "postgres");
    private String password = env("PG_PASSWORD", "");
    private String applicationName = "caskade-bus";
    private Duration reconnectInterval = Duration.ofMillis(500);
    private Duration maxReconnectInterval = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration healthCheckInterval = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(5);
    private DataSource publishing;

    private Builder() {}

    /** The JDBC URL ({@code jdbc:postgresql://...}). */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
      }
      this.url = url;
      return this;
    }

    /** The user. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The password (empty: none, e.g. trust authentication). */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** The prefix of the connections' {@code application_name} (default {@code caskade-bus}). */
    public Builder applicationName(String name) {
      Objects.requireNonNull(name, "applicationName");
      if (name.isBlank() || name.length() > 40) {
        throw new IllegalArgumentException("applicationName must be 1 to 40 characters: " + name);
      }
      this.applicationName = name;
      return this;
    }

    /**
     * The wait before the first reconnection attempt after the listening connection dropped
     * (default 500 ms), doubled after every failed attempt up to {@code max} (default 10 s).
     */
    public Builder reconnectInterval(Duration first, Duration max) {
      this.reconnectInterval = positive(first, "reconnectInterval");
      this.maxReconnectInterval = positive(max, "maxReconnectInterval");
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("the longest reconnect interval " + max
            + " is shorter than the first " + first);
      }
      return this;
    }

    /**
     * How often the listening connection is checked while no notification arrives (default
     * 5 s): bounds how long a silently dead network goes unnoticed.
     */
    public Builder healthCheckInterval(Duration interval) {
      this.healthCheckInterval = positive(interval, "healthCheckInterval");
      return this;
    }

    /** Connect timeout, and the socket timeout of a publish (default 5 s; whole seconds). */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Publishes through the application's pool instead of a connection of the hub's own (a
     * connection per publish, returned at once). The listening connection is always the hub's.
     */
    public Builder publishThrough(DataSource dataSource) {
      this.publishing = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Builds the hub and starts its listening thread (it connects in the background). */
    public PostgresBusHub build() {
      return new PostgresBusHub(new BusSettings(url, user, password, applicationName,
          reconnectInterval, maxReconnectInterval, pollInterval, healthCheckInterval, timeout,
          publishing));
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    private static String env(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }
  }
}
