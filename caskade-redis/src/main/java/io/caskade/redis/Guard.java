package io.caskade.redis;

import io.caskade.tier.CallBudget;
import io.caskade.tier.TierException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Redis call of a tier passes here.
 *
 * <ul>
 *   <li><b>One limit per cache call:</b> inside a {@link CallBudget} (a cache read), all round
 *       trips together wait at most the command timeout: each is due when what is left of it runs
 *       out, and none is sent once it is spent (the answered polls of a lease wait excepted: that
 *       wait has its own bound).
 *   <li><b>Breaker:</b> while Redis keeps failing, calls fail at once with {@link TierException}.
 *       Callers only ever use a closed breaker: an open or half-open one is tried again by
 *       {@link #probe}, on the tier's maintenance thread, never on a caller's time.
 *   <li><b>Errors:</b> any failure (timeout, connection, server error) is counted and rethrown as
 *       {@link TierException}; a refusal of this client (credentials, ACL, configuration) as
 *       {@link RedisAccessException} with the server's error, logged at ERROR once per distinct
 *       error, and kept in {@link #lastError()}.
 * </ul>
 */
final class Guard {

  private static final Logger log = LoggerFactory.getLogger(Guard.class);
  private static final int MAX_PROBES_PER_PASS = 16;

  private final String cache;
  private final CircuitBreaker breaker;
  private final TierCounters counters;
  private final CommandDeadlines deadlines;
  private final long timeoutNanos;
  private volatile String lastError;
  private volatile boolean refused;
  private volatile String lastRefusalLogged;

  Guard(String cache, CircuitBreakerConfig config, TierCounters counters,
      CommandDeadlines deadlines, long timeoutNanos) {
    this.cache = cache;
    this.breaker = CircuitBreaker.of("caskade-redis-" + cache, config);
    this.counters = counters;
    this.deadlines = deadlines;
    this.timeoutNanos = timeoutNanos;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** The last failure seen (the server's error for a refusal), or null if none yet. */
  String lastError() {
    return lastError;
  }

  /** REFUSED (the last failure was a refusal, nothing worked since), UP, or DOWN. */
  String state(boolean connected) {
    if (refused) {
      return "REFUSED";
    }
    CircuitBreaker.State s = breaker.getState();
    boolean open = s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.HALF_OPEN
        || s == CircuitBreaker.State.FORCED_OPEN;
    return connected && !open ? "UP" : "DOWN";
  }

  /** Runs {@code action} against Redis under the breaker and the caller's budget. */
  <T> T call(String op, Supplier<T> action) {
    long limit = timeoutNanos;
    CallBudget budget = CallBudget.current();
    if (budget != null) {
      limit = timeoutNanos - budget.spentNanos();
      if (limit < CommandDeadlines.MIN_NANOS) {
        counters.budgetSpent.increment();
        throw new TierException("redis " + op + " skipped: this cache call already waited "
            + TimeUnit.NANOSECONDS.toMillis(budget.spentNanos()) + " ms on Redis (commandTimeout)");
      }
    }
    if (!permitted()) {
      counters.circuitRejected.increment();
      throw new TierException("redis " + op + " skipped: circuit breaker "
          + breaker.getState());
    }
    long start = System.nanoTime();
    boolean answered = false;
    try {
      T result = deadlines.within(start + limit, action);
      answered = true;
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      refused = false;
      return result;
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      counters.errors.increment();
      throw failure(op, e);
    } finally {
      if (budget != null) {
        budget.spend(System.nanoTime() - start, answered);
      }
    }
  }

  /** {@link #call} for actions without a result. */
  void run(String op, Runnable action) {
    call(op, () -> {
      action.run();
      return null;
    });
  }

  /**
   * Tries Redis with {@code ping} while the breaker is open (once its wait is over) or half-open,
   * until it closes or a probe fails. For the maintenance thread only.
   */
  void probe(Runnable ping) {
    for (int i = 0; i < MAX_PROBES_PER_PASS && !callersAllowed(); i++) {
      if (!breaker.tryAcquirePermission()) {
        return; // open, and its wait is not over
      }
      long start = System.nanoTime();
      try {
        deadlines.within(start + timeoutNanos, () -> {
          ping.run();
          return null;
        });
        breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        refused = false;
      } catch (RuntimeException e) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        failure("recovery probe", e);
        return;
      }
    }
  }

  /** True unless the breaker is open or half-open (then only {@link #probe} may try Redis). */
  boolean callersAllowed() {
    CircuitBreaker.State s = breaker.getState();
    return s != CircuitBreaker.State.OPEN && s != CircuitBreaker.State.HALF_OPEN;
  }

  /** Notes a failure outside {@link #call} (a connection attempt) and maps it like one. */
  RuntimeException failure(String op, RuntimeException e) {
    String refusal = RedisErrors.refusal(e);
    if (refusal == null) {
      lastError = "redis " + op + " failed: " + e;
      return e instanceof TierException ? e : new TierException("redis " + op + " failed: " + e, e);
    }
    lastError = refusal;
    refused = true;
    if (!refusal.equals(lastRefusalLogged)) {
      lastRefusalLogged = refusal;
      log.error("cache '{}': Redis refused {}: {} (credentials, ACL or configuration: calls fail "
          + "until it is fixed)", cache, op, refusal);
    }
    return e instanceof RedisAccessException ? e : new RedisAccessException(
        "cache '" + cache + "': redis " + op + " refused: " + refusal, refusal, e);
  }

  private boolean permitted() {
    return callersAllowed() && breaker.tryAcquirePermission();
  }
}
