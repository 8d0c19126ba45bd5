package io.caskade.contracts;

import io.caskade.entry.Entry;
import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries the suites store: a value (or not-found) that expires physically after a given
 * time on the system clock, with distinct instants and versions so a round trip that loses a
 * field is seen.
 */
public final class ContractEntries {

  private static final AtomicLong VERSIONS = new AtomicLong(1);

  private ContractEntries() {}

  /** An entry holding {@code value} (null: not found) that expires after {@code lifetime}. */
  public static Entry<String> of(String value, Duration lifetime) {
    return of(value, lifetime, Map.of());
  }

  /** {@link #of(String, Duration)} recorded under {@code tags}. */
  public static Entry<String> of(String value, Duration lifetime, Map<String, Long> tags) {
    long now = CacheClock.system().nanos();
    long life = lifetime.toNanos();
    long fresh = now + life / 2;
    long stale = now + life * 3 / 4;
    long error = now + life;
    return Entry.of(value, now, fresh, stale, error, 1_234_567L, VERSIONS.incrementAndGet(), tags);
  }

  /** An entry holding {@code value} that lives for ten minutes. */
  public static Entry<String> lasting(String value) {
    return of(value, Duration.ofMinutes(10));
  }
}
