package io.caskade.memcached.internal;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.MemcacheClientBuilder;
import io.caskade.memcached.MemcachedConfig;
import io.caskade.memcached.MemcachedServer;
import io.caskade.tier.CallBudget;
import io.caskade.tier.TierException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One memcached server: its Folsom connection and its own circuit breaker. Every call is bounded
 * by the operation timeout; a call the breaker refuses fails at once. Failures are
 * {@link TierException}s naming the server, so one dead server's keys miss quickly while the
 * others serve. Folsom reconnects in the background (at most {@code maxReconnectBackoff} apart)
 * and the breaker lets a probe through after {@code breakerOpenFor}: a server that comes back is
 * used again without anyone's help.
 */
public final class Node implements AutoCloseable {

  private final MemcachedServer server;
  private final AsciiMemcacheClient<byte[]> client;
  private final CircuitBreaker breaker;
  private final long timeoutNanos;

  /** Connects (in the background) to {@code server}. */
  public Node(MemcachedServer server, MemcachedConfig config) {
    this.server = server;
    this.timeoutNanos = config.operationTimeout().toNanos();
    long maxBackoff = config.maxReconnectBackoff().toMillis();
    this.client = MemcacheClientBuilder.newByteArrayClient()
        .withAddress(server.host(), server.port())
        .withRequestTimeoutMillis(Math.max(1, config.operationTimeout().toMillis()))
        .withConnectionTimeoutMillis(Math.max(1, config.connectTimeout().toMillis()))
        .withBackoff(attempt -> Math.min(maxBackoff, 10L << Math.min(attempt, 16)))
        .withRetry(false)
        .withMaxSetLength(config.maxItemBytes())
        .connectAscii();
    this.breaker = CircuitBreaker.of("memcached-" + server, CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(config.breakerWindow())
        .minimumNumberOfCalls(Math.max(2, config.breakerWindow() / 2))
        .failureRateThreshold(config.breakerFailureRate())
        .waitDurationInOpenState(config.breakerOpenFor())
        .permittedNumberOfCallsInHalfOpenState(1)
        .build());
  }

  /** The server. */
  public MemcachedServer server() {
    return server;
  }

  /** True while Folsom holds a connection to the server. */
  public boolean isConnected() {
    return client.isConnected();
  }

  /** The breaker's state, e.g. {@code CLOSED} or {@code OPEN}. */
  public String breakerState() {
    return breaker.getState().name();
  }

  /** The raw Folsom client (ketama routes to it; benchmarks compare against it). */
  public AsciiMemcacheClient<byte[]> client() {
    return client;
  }

  /** Waits up to {@code millis} for the first connection; false if it did not come. */
  public boolean awaitConnected(long millis) {
    try {
      client.awaitConnected(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code op} and waits for its answer, at most the operation timeout — and, inside a cache
   * call ({@link CallBudget}), at most what is left of that call's budget: all the round trips of
   * one cache read (get, lease, fill) share one operation timeout, as in the Redis tier.
   *
   * @throws BudgetSpentException when the cache call has already waited its timeout
   */
  public <T> T call(String name, Function<AsciiMemcacheClient<byte[]>, CompletionStage<T>> op) {
    CallBudget budget = CallBudget.current();
    long limit = timeoutNanos;
    if (budget != null) {
      limit = timeoutNanos - budget.spentNanos();
      if (limit <= 0) {
        throw new BudgetSpentException("memcached " + server + ": " + name + " skipped: this "
            + "cache call already waited " + TimeUnit.NANOSECONDS.toMillis(budget.spentNanos())
            + " ms on memcached (operationTimeout)");
      }
    }
    if (!breaker.tryAcquirePermission()) {
      throw new TierException("memcached " + server + ": " + name + " refused, circuit open",
          CallNotPermittedException.createCallNotPermittedException(breaker));
    }
    long started = System.nanoTime();
    boolean answered = false;
    try {
      T value = op.apply(client).toCompletableFuture().get(limit, TimeUnit.NANOSECONDS);
      breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      answered = true;
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.releasePermission();
      throw new TierException("interrupted while waiting for memcached " + server, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = unwrap(e);
      breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, cause);
      throw failure(name, cause);
    } finally {
      if (budget != null) {
        budget.spend(System.nanoTime() - started, answered);
      }
    }
  }

  /** A cache call that already waited its whole operation timeout: later round trips skipped. */
  public static final class BudgetSpentException extends TierException {
    private static final long serialVersionUID = 1L;

    BudgetSpentException(String message) {
      super(message);
    }
  }

  /**
   * Starts {@code op}; the future fails with a {@link TierException} when the breaker refuses,
   * the call fails or the operation timeout passes.
   */
  public <T> CompletableFuture<T> start(String name,
      Function<AsciiMemcacheClient<byte[]>, CompletionStage<T>> op) {
    if (!breaker.tryAcquirePermission()) {
      return CompletableFuture.failedFuture(new TierException("memcached " + server + ": "
          + name + " refused, circuit open",
          CallNotPermittedException.createCallNotPermittedException(breaker)));
    }
    long started = System.nanoTime();
    CompletableFuture<T> f;
    try {
      f = op.apply(client).toCompletableFuture();
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
      return CompletableFuture.failedFuture(failure(name, e));
    }
    return f.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((value, error) -> {
      long took = System.nanoTime() - started;
      if (error == null) {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        return value;
      }
      Throwable cause = unwrap(error);
      breaker.onError(took, TimeUnit.NANOSECONDS, cause);
      throw failure(name, cause);
    });
  }

  /** The value of a future from {@link #start}; its failure rethrown as a TierException. */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw asTierException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TierException("interrupted while waiting for memcached", e);
    }
  }

  private TierException failure(String name, Throwable cause) {
    if (cause instanceof TierException t) {
      return t;
    }
    String what = cause instanceof TimeoutException ? "timed out" : cause.toString();
    return new TierException("memcached " + server + ": " + name + " failed: " + what, cause);
  }

  private static TierException asTierException(Throwable t) {
    Throwable cause = unwrap(t);
    return cause instanceof TierException te ? te
        : new TierException("memcached call failed: " + cause, cause);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    client.shutdown();
  }

  @Override
  public String toString() {
    return "Node{" + server + ", " + (isConnected() ? "connected" : "disconnected") + ", breaker "
        + breakerState() + '}';
  }
}
