package io.caskade.redis;

import io.caskade.tier.TierException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every Redis call of a tier passes here: a circuit breaker skips Redis while it keeps failing
 * (the call fails at once with {@link TierException}), and any failure of the call itself
 * (timeout, connection, server error) is counted and rethrown as {@link TierException}.
 */
final class Guard {

  private final CircuitBreaker breaker;
  private final TierCounters counters;

  Guard(String cache, CircuitBreakerConfig config, TierCounters counters) {
    this.breaker = CircuitBreaker.of("caskade-redis-" + cache, config);
    this.counters = counters;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** Runs {@code action} against Redis under the breaker. */
  <T> T call(String op, Supplier<T> action) {
    if (!breaker.tryAcquirePermission()) {
      counters.circuitRejected.increment();
      throw new TierException("redis " + op + " skipped: circuit breaker "
          + breaker.getState());
    }
    long start = System.nanoTime();
    try {
      T result = action.get();
      breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (RuntimeException e) {
      breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      counters.errors.increment();
      if (e instanceof TierException) {
        throw e;
      }
      throw new TierException("redis " + op + " failed: " + e, e);
    }
  }

  /** {@link #call} for actions without a result. */
  void run(String op, Runnable action) {
    call(op, () -> {
      action.run();
      return null;
    });
  }
}
