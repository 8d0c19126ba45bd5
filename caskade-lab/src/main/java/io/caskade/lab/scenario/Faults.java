package io.caskade.lab.scenario;

import io.caskade.testkit.RedisProcess;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Faults injected into a Redis while a consistency run goes on, on a timer thread of their own. */
final class Faults implements AutoCloseable {

  private final Runnable action;
  private final Duration first;
  private final Duration every;
  private final AutoCloseable resource;
  private final AtomicLong count = new AtomicLong();
  private ScheduledExecutorService timer;
  private boolean closed;

  private Faults(Runnable action, Duration first, Duration every, AutoCloseable resource) {
    this.action = action;
    this.first = first;
    this.every = every;
    this.resource = resource;
  }

  /** No fault. */
  static Faults none() {
    return new Faults(null, Duration.ZERO, Duration.ZERO, null);
  }

  /** CLIENT KILL TYPE pubsub on {@code redisUrl} every {@code every}: the bus loses its subscribers. */
  static Faults busKills(String redisUrl, Duration every) {
    RedisClient client = RedisClient.create(redisUrl);
    StatefulRedisConnection<String, String> connection = client.connect();
    return new Faults(() -> connection.sync().clientKill(KillArgs.Builder.typePubsub()), every,
        every, () -> {
          connection.close();
          client.shutdown();
        });
  }

  /** Restarts the lab's own redis-server (empty: no persistence) once, after {@code after}. */
  static Faults restartHalfway(RedisProcess redis, Duration after) {
    return new Faults(redis::restart, after, Duration.ZERO, null);
  }

  void start() {
    if (action == null) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lab-faults");
      t.setDaemon(true);
      return t;
    });
    Runnable counted = () -> {
      try {
        action.run();
        count.incrementAndGet();
      } catch (RuntimeException e) {
        // a fault that could not be injected is not counted
      }
    };
    if (every.isZero()) {
      timer.schedule(counted, first.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      timer.scheduleAtFixedRate(counted, first.toMillis(), every.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Faults injected so far. */
  long count() {
    return count.get();
  }

  @Override
  public void close() throws Exception {
    if (timer != null) {
      timer.shutdownNow();
      timer.awaitTermination(10, TimeUnit.SECONDS);
      timer = null;
    }
    if (resource != null && !closed) {
      closed = true;
      resource.close();
    }
  }
}
