package io.caskade.source;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The protected door to one source (a database, a remote API). Every load of every cache built
 * with this source passes here, so one {@code Source} can guard several caches that hit the same
 * database:
 *
 * <ol>
 *   <li>circuit breaker (Resilience4j): fails fast while the source keeps failing;
 *   <li>rate limiter (Resilience4j): at most N loads per second, waiting a bounded time for a permit;
 *   <li>bulkhead (Resilience4j): at most N loads running at once, waiting a bounded time for a slot;
 *       the slot is held until the loader really returns, even after its caller timed out, so the
 *       source never sees more concurrency than configured;
 *   <li>time limiter (Resilience4j): the caller waits at most the load timeout; the loader thread
 *       is interrupted.
 * </ol>
 *
 * A load turned away raises {@link SourceRejectedException}; a load past its timeout raises
 * {@link TimeoutException}; the loader's own exceptions pass through unchanged.
 */
public final class Source implements AutoCloseable {

  private static final int UNBOUNDED_THREADS = 512;

  private final String name;
  private final CircuitBreaker circuitBreaker;
  private final RateLimiter rateLimiter;
  private final Bulkhead bulkhead;
  private final Duration loadTimeout;
  private final long maxWaitNanos;
  private final ThreadPoolExecutor executor;

  private Source(Builder b) {
    this.name = b.name;
    this.circuitBreaker = b.circuitBreaker == null ? null
        : CircuitBreaker.of(name, b.circuitBreaker);
    this.rateLimiter = b.loadsPerSecond <= 0 ? null
        : RateLimiter.of(name, smoothRate(b.loadsPerSecond));
    this.bulkhead = b.maxConcurrentLoads <= 0 ? null
        : Bulkhead.of(name, BulkheadConfig.custom()
            .maxConcurrentCalls(b.maxConcurrentLoads)
            .maxWaitDuration(b.maxWait)
            .build());
    this.loadTimeout = b.loadTimeout;
    this.maxWaitNanos = b.maxWait.toNanos();
    int threads = b.maxConcurrentLoads > 0 ? b.maxConcurrentLoads * 2 + 8 : UNBOUNDED_THREADS;
    this.executor = new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemonThreads("caskade-source-" + name));
  }

  /**
   * Permits spread evenly over the second (one every 1/n s, or n/1000 every millisecond above
   * 1,000/s) rather than n at the start of each second: Resilience4j counts permits per period,
   * so a one-second period could let 2n loads through in a second that straddles two periods.
   */
  private static RateLimiterConfig smoothRate(int perSecond) {
    int perPeriod = perSecond <= 1000 ? 1 : perSecond / 1000;
    Duration period = perSecond <= 1000 ? Duration.ofNanos(1_000_000_000L / perSecond)
        : Duration.ofMillis(1);
    return RateLimiterConfig.custom()
        .limitForPeriod(perPeriod)
        .limitRefreshPeriod(period)
        .timeoutDuration(Duration.ZERO)
        .build();
  }

  /** A builder for a source called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A source with no limits but a load timeout. */
  public static Source unprotected(String name, Duration loadTimeout) {
    return builder(name).loadTimeout(loadTimeout).build();
  }

  public String name() {
    return name;
  }

  /** The default load timeout of this source. */
  public Duration loadTimeout() {
    return loadTimeout;
  }

  /** The circuit breaker, or null when none is configured (for metrics and the lab). */
  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  /** Loads running on the source right now. */
  public int activeLoads() {
    return executor.getActiveCount();
  }

  /** {@link #call(Callable, Duration)} with this source's load timeout. */
  public <T> T call(Callable<T> load) throws Exception {
    return call(load, loadTimeout);
  }

  /**
   * Runs {@code load} under every protection of this source, waiting at most {@code timeout}
   * for it to finish.
   *
   * @throws SourceRejectedException when a protection turned the load away
   * @throws TimeoutException when the load outlived {@code timeout}
   * @throws Exception what the load itself threw
   */
  public <T> T call(Callable<T> load, Duration timeout) throws Exception {
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(timeout, "timeout");
    if (circuitBreaker != null && !circuitBreaker.tryAcquirePermission()) {
      throw new SourceRejectedException(name, SourceRejectedException.Reason.CIRCUIT_OPEN,
          CallNotPermittedException.createCallNotPermittedException(circuitBreaker));
    }
    long start = System.nanoTime();
    try {
      T result = protectedCall(load, timeout);
      if (circuitBreaker != null) {
        circuitBreaker.onResult(System.nanoTime() - start, TimeUnit.NANOSECONDS, result);
      }
      return result;
    } catch (SourceRejectedException e) {
      if (circuitBreaker != null) {
        circuitBreaker.releasePermission();
      }
      throw e;
    } catch (Exception e) {
      if (circuitBreaker != null) {
        circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      }
      throw e;
    }
  }

  private <T> T protectedCall(Callable<T> load, Duration timeout) throws Exception {
    if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
      throw new SourceRejectedException(name, SourceRejectedException.Reason.BULKHEAD_FULL, null);
    }
    // The rate permit is taken on the loader's own thread right before the load, so the spacing
    // the source sees is the spacing of the permits, not of thread hand-offs.
    Callable<T> guarded = () -> {
      try {
        if (rateLimiter != null) {
          awaitRatePermit();
        }
        return load.call();
      } finally {
        if (bulkhead != null) {
          bulkhead.onComplete();
        }
      }
    };
    Future<T> future;
    try {
      future = executor.submit(guarded);
    } catch (RejectedExecutionException e) {
      if (bulkhead != null) {
        bulkhead.onComplete();
      }
      throw new SourceRejectedException(name, SourceRejectedException.Reason.EXECUTOR_FULL, e);
    }
    TimeLimiter limiter = TimeLimiter.of(TimeLimiterConfig.custom()
        .timeoutDuration(timeout).cancelRunningFuture(true).build());
    try {
      return limiter.executeFutureSupplier(() -> future);
    } catch (TimeoutException | CancellationException e) {
      future.cancel(true);
      TimeoutException timeoutException =
          new TimeoutException("load on source '" + name + "' exceeded " + timeout);
      timeoutException.initCause(e);
      throw timeoutException;
    } catch (ExecutionException | CompletionException e) {
      throw unwrap(e);
    }
  }

  /**
   * Takes a permit at the moment one is free, polling until {@code maxWait} runs out. Resilience4j's
   * own waiting reserves a future permit and parks until then, so a thread that wakes late starts
   * its load late and bunches up with the next one; taking the permit only when it is free keeps
   * the loads the source sees as evenly spaced as the permits.
   */
  private void awaitRatePermit() throws InterruptedException {
    long deadline = System.nanoTime() + maxWaitNanos;
    long pause = Math.max(TimeUnit.MICROSECONDS.toNanos(200),
        rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos() / 4);
    while (!rateLimiter.acquirePermission()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SourceRejectedException(name, SourceRejectedException.Reason.RATE_LIMITED, null);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LockSupport.parkNanos(Math.min(pause, left));
    }
  }

  private static Exception unwrap(Exception e) {
    Throwable cause = e.getCause();
    if (cause instanceof Exception) {
      return (Exception) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return e;
  }

  /** Stops the source's threads (loads still running are interrupted). */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "Source{" + name + ", timeout=" + loadTimeout
        + (bulkhead == null ? "" : ", maxConcurrent=" + bulkhead.getBulkheadConfig().getMaxConcurrentCalls())
        + (rateLimiter == null ? "" : ", rate=" + rateLimiter.getRateLimiterConfig().getLimitForPeriod()
            + "/" + rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod())
        + (circuitBreaker == null ? "" : ", circuit=" + circuitBreaker.getState()) + '}';
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link Source}. Nothing is limited unless configured. */
  public static final class Builder {
    private final String name;
    private int maxConcurrentLoads;
    private int loadsPerSecond;
    private Duration maxWait = Duration.ofMillis(100);
    private Duration loadTimeout = Duration.ofSeconds(10);
    private CircuitBreakerConfig circuitBreaker;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** At most {@code n} loads running on the source at once (bulkhead). */
    public Builder maxConcurrentLoads(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxConcurrentLoads must be positive: " + n);
      }
      this.maxConcurrentLoads = n;
      return this;
    }

    /**
     * At most {@code n} loads started per second (rate limiter), spread evenly: any one-second
     * window sees at most n + 1 starts.
     */
    public Builder maxLoadsPerSecond(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxLoadsPerSecond must be positive: " + n);
      }
      this.loadsPerSecond = n;
      return this;
    }

    /** How long a load may wait for a bulkhead slot or a rate permit before it is rejected. */
    public Builder maxWait(Duration maxWait) {
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
      }
      this.maxWait = maxWait;
      return this;
    }

    /** How long a caller waits for a load before it fails with a timeout (default 10s). */
    public Builder loadTimeout(Duration loadTimeout) {
      if (loadTimeout.isNegative() || loadTimeout.isZero()) {
        throw new IllegalArgumentException("loadTimeout must be positive: " + loadTimeout);
      }
      this.loadTimeout = loadTimeout;
      return this;
    }

    /** Opens the circuit after failures as configured (Resilience4j's own configuration). */
    public Builder circuitBreaker(CircuitBreakerConfig config) {
      this.circuitBreaker = Objects.requireNonNull(config, "config");
      return this;
    }

    /** A circuit breaker with sensible defaults: open at 50% failures over 20 calls, for 5s. */
    public Builder circuitBreaker() {
      return circuitBreaker(CircuitBreakerConfig.custom()
          .failureRateThreshold(50)
          .slidingWindowSize(20)
          .minimumNumberOfCalls(10)
          .waitDurationInOpenState(Duration.ofSeconds(5))
          .permittedNumberOfCallsInHalfOpenState(3)
          .build());
    }

    public Source build() {
      return new Source(this);
    }
  }
}
