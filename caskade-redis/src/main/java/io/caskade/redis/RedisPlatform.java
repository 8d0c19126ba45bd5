package io.caskade.redis;

import io.caskade.codec.KeyCodec;
import io.caskade.redis.bus.PubSubHub;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis client for the whole application: build one per Redis (standalone or Cluster) and
 * give it to every {@link RedisTier}, {@link io.caskade.redis.journal.RedisWriteJournal} and
 * {@link io.caskade.redis.snapshot.RedisHotKeySnapshots} of the application.
 *
 * <pre>{@code
 * try (RedisPlatform redis = RedisPlatform.of(RedisConfig.parse("redis://127.0.0.1:6379"))) {
 *   RedisTier<Long, User> users = RedisTier.builder(redis, "users", KeyCodec.longs(),
 *       JacksonCodec.of(User.class)).build();
 *   RedisTier<Long, Order> orders = RedisTier.builder(redis, "orders", KeyCodec.longs(),
 *       JacksonCodec.of(Order.class)).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>It owns the Lettuce client resources (2 I/O and 2 computation threads), one client, one
 * command connection that every tier multiplexes its commands on (each call still bounded by its
 * own tier's command timeout), one pub/sub connection that every tier's invalidation bus
 * subscribes its channel on (a drop of it is seen by every bus: down, then resubscribed), and one
 * maintenance thread that runs every tier's recovery task. Journals keep their own connections
 * (a blocking XREADGROUP needs one) on the shared threads; snapshot stores use the command
 * connection. Closing a tier does not close the platform; closing the platform closes what it
 * owns (close the caches first). Tiers built from a {@link RedisConfig} instead make a private
 * platform of their own, which they close.
 */
public final class RedisPlatform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisPlatform.class);

  private final RedisConfig config;
  private final Duration commandTimeout;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final CommandDeadlines deadlines;
  private final RedisConnection commands;
  private final PubSubHub pubSub;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisPlatform(Builder b) {
    this.config = b.config;
    this.commandTimeout = b.commandTimeout;
    this.deadlines = new CommandDeadlines(commandTimeout.toNanos());
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(b.ioThreads)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
    List<RedisURI> uris = config.redisUris(commandTimeout);
    if (b.clientName != null) {
      uris.forEach(u -> u.setClientName(b.clientName));
    }
    if (config.isCluster()) {
      RedisClusterClient c = RedisClusterClient.create(resources, uris);
      c.setOptions((ClusterClientOptions) RedisConnection.options(true, commandTimeout, deadlines));
      this.client = c;
    } else {
      RedisClient c = RedisClient.create(resources, uris.get(0));
      c.setOptions(RedisConnection.options(false, commandTimeout, deadlines));
      this.client = c;
    }
    this.commands = new RedisConnection(client, config.isCluster(), commandTimeout);
    this.pubSub = new PubSubHub(client, this::connectPubSub);
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "caskade-redis-maintenance");
      t.setDaemon(true);
      return t;
    });
    this.scheduler.setRemoveOnCancelPolicy(true);
  }

  /** A platform for {@code config} with the defaults (500 ms command timeout). */
  public static RedisPlatform of(RedisConfig config) {
    return builder(config).build();
  }

  /** A builder of a platform for {@code config}. */
  public static Builder builder(RedisConfig config) {
    return new Builder(config);
  }

  /** Where Redis is. */
  public RedisConfig config() {
    return config;
  }

  /**
   * The default command timeout: of commands sent outside a tier's call (connecting,
   * subscribing); each tier bounds its own calls with its own timeout.
   */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /**
   * The Lettuce client resources (event loops, timer) this platform owns, for other Lettuce
   * clients of the application to share its threads; never shut them down: {@link #close()} does.
   */
  public ClientResources clientResources() {
    return resources;
  }

  /**
   * The shared command connection for Caskade's own Redis components (snapshot stores), every
   * command bounded by {@code timeout}; it connects on first use.
   */
  public RedisClusterCommands<String, byte[]> commands(Duration timeout) {
    return TimedCommands.of(this, timeout);
  }

  RedisConnection commandConnection() {
    return commands;
  }

  PubSubHub pubSub() {
    return pubSub;
  }

  CommandDeadlines deadlines() {
    return deadlines;
  }

  /** Runs {@code task} on the maintenance thread every {@code period}; cancel the result to stop. */
  ScheduledFuture<?> scheduleMaintenance(Runnable task, Duration period) {
    long millis = period.toMillis();
    return scheduler.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("Redis maintenance task failed", e); // never let one task stop the others
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The maintenance thread, for composed parts that schedule their own tasks. */
  java.util.concurrent.ScheduledExecutorService scheduler() {
    return scheduler;
  }

  boolean isClosed() {
    return closed.get();
  }

  private StatefulRedisPubSubConnection<String, byte[]> connectPubSub() {
    return commands.connectPubSub();
  }

  /**
   * Stops the maintenance thread, then closes the pub/sub and command connections, the client
   * and the client resources, each waiting for the one before, so a clean shutdown logs nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
        log.debug("Redis maintenance still running at close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      pubSub.close();
      commands.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } finally {
      try {
        resources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // resources that do not stop in time are left to the JVM; nothing depends on them
      }
    }
  }

  @Override
  public String toString() {
    return "RedisPlatform{" + config + (closed.get() ? ", closed" : "") + '}';
  }

  /** Configures a {@link RedisPlatform}. Defaults: 500 ms command timeout, 2 I/O threads. */
  public static final class Builder {
    private final RedisConfig config;
    private Duration commandTimeout = Duration.ofMillis(500);
    private int ioThreads = 2;
    private String clientName;

    private Builder(RedisConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The timeout of connecting (twice it) and of commands sent outside a tier's call (default
     * 500 ms); each tier's own calls are bounded by its own {@code commandTimeout}.
     */
    public Builder commandTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("commandTimeout must be positive: " + timeout);
      }
      this.commandTimeout = timeout;
      return this;
    }

    /** Lettuce I/O threads (default 2: one per connection is the most that helps). */
    public Builder ioThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("ioThreads must be positive: " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** The name every connection gives itself ({@code CLIENT SETNAME}; default none). */
    public Builder clientName(String name) {
      this.clientName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Builds the platform; nothing connects until the first tier needs it. */
    public RedisPlatform build() {
      return new RedisPlatform(this);
    }
  }
}
