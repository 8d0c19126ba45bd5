package io.caskade.http.purge;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends purges to a {@link Purger} from its own thread, so a cache write never waits on the CDN:
 * {@link #submit} only queues (bounded, de-duplicated, never blocking, never throwing). The worker
 * purges in batches through a Resilience4j {@link Retry} (exponential backoff with jitter) inside a
 * {@link CircuitBreaker}; while the breaker is open it waits, and a batch that still failed goes
 * back to the queue. When the queue is full the oldest keys are dropped and counted.
 *
 * <pre>{@code
 * AsyncPurger purger = AsyncPurger.builder(VarnishPurger.of(URI.create("http://varnish:6081/")))
 *     .capacity(10_000).maxAttempts(3).build();
 * }</pre>
 */
public final class AsyncPurger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AsyncPurger.class);

  private final Purger target;
  private final PurgeQueue queue;
  private final int batchSize;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Duration breakerOpenFor;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread worker;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong purged = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean warned;

  private AsyncPurger(Builder b) {
    this.target = b.target;
    this.queue = new PurgeQueue(b.capacity);
    this.batchSize = b.batchSize;
    this.breakerOpenFor = b.breakerOpenFor;
    this.retry = Retry.of("caskade-purge", RetryConfig.custom()
        .maxAttempts(b.maxAttempts)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(b.backoffBase, 2.0, 0.5,
            b.backoffMax))
        .ignoreExceptions(CallNotPermittedException.class, InterruptedException.class)
        .build());
    this.breaker = CircuitBreaker.of("caskade-purge", CircuitBreakerConfig.custom()
        .slidingWindowSize(10)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(50)
        .waitDurationInOpenState(b.breakerOpenFor)
        .permittedNumberOfCallsInHalfOpenState(1)
        .build());
    this.retry.getEventPublisher().onRetry(e -> failedAttempts.incrementAndGet());
    this.worker = new Thread(this::run, "caskade-purger");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** A builder purging through {@code target}. */
  public static Builder builder(Purger target) {
    return new Builder(target);
  }

  /** Queues {@code surrogateKeys} for purging. Never blocks, never throws. */
  public void submit(Collection<String> surrogateKeys) {
    if (surrogateKeys.isEmpty()) {
      return;
    }
    submitted.addAndGet(surrogateKeys.size());
    int d = queue.add(surrogateKeys);
    if (d > 0) {
      dropped.addAndGet(d);
      if (!warned) {
        warned = true;
        log.warn("purge queue full: dropped {} oldest surrogate keys (CDN copies live until they "
            + "expire); further drops are only counted", d);
      }
    }
  }

  /** A snapshot of the counters. */
  public PurgeStats stats() {
    return new PurgeStats(submitted.get(), purged.get(), failedAttempts.get(), dropped.get(),
        queue.size(), breaker.getState().name());
  }

  private void run() {
    while (closed.getCount() > 0) {
      try {
        List<String> batch = queue.take(batchSize, Duration.ofMillis(200));
        if (!batch.isEmpty()) {
          purge(batch);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("purge worker: unexpected failure", e);
      }
    }
  }

  private void purge(List<String> batch) throws InterruptedException {
    try {
      retry.executeCheckedSupplier(() -> breaker.executeCheckedSupplier(() -> {
        target.purge(batch);
        return null;
      }));
      purged.addAndGet(batch.size());
    } catch (CallNotPermittedException e) {
      queue.add(batch);
      closed.await(breakerOpenFor.toMillis(), TimeUnit.MILLISECONDS); // sit out the open breaker
    } catch (InterruptedException e) {
      throw e;
    } catch (Throwable e) {
      failedAttempts.incrementAndGet();
      queue.add(batch);
      log.debug("purge of {} keys failed after retries: {}", batch.size(), e.toString());
    }
  }

  /** Stops the worker; keys still queued are not purged. Idempotent. */
  @Override
  public void close() {
    closed.countDown();
    worker.interrupt();
    try {
      worker.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures an {@link AsyncPurger}. */
  public static final class Builder {
    private final Purger target;
    private int capacity = 10_000;
    private int batchSize = 100;
    private int maxAttempts = 3;
    private Duration backoffBase = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(2);
    private Duration breakerOpenFor = Duration.ofSeconds(5);

    private Builder(Purger target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /** Distinct keys the queue holds before dropping the oldest (default 10,000). */
    public Builder capacity(int keys) {
      this.capacity = positive(keys, "capacity");
      return this;
    }

    /** Keys per purge call (default 100). */
    public Builder batchSize(int keys) {
      this.batchSize = positive(keys, "batchSize");
      return this;
    }

    /** Attempts per batch before it goes back to the queue (default 3). */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = positive(attempts, "maxAttempts");
      return this;
    }

    /** Exponential backoff between attempts, with 50% jitter (default 100 ms to 2 s). */
    public Builder backoff(Duration base, Duration max) {
      this.backoffBase = Objects.requireNonNull(base, "base");
      this.backoffMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /** How long the breaker stays open once half the recent calls failed (default 5 s). */
    public Builder breakerOpenFor(Duration d) {
      this.breakerOpenFor = Objects.requireNonNull(d, "breakerOpenFor");
      return this;
    }

    public AsyncPurger build() {
      return new AsyncPurger(this);
    }

    private static int positive(int n, String name) {
      if (n <= 0) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return n;
    }
  }
}
