package io.caskade.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.caskade.entry.Entry;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** XFetch refreshes early with probability exp(-gap / (loadCost * beta)). */
class EarlyRefreshTest {

  private static final int TRIALS = 50_000;
  /** Binomial standard error at 50,000 trials is at most 0.0023; 0.01 is over four of them. */
  private static final double TOLERANCE = 0.01;

  @ParameterizedTest(name = "gap {0} x loadCost, beta {1}")
  @CsvSource({"0.1, 1.0", "0.5, 1.0", "1.0, 1.0", "2.0, 1.0", "3.0, 1.0", "1.0, 2.0", "4.0, 0.5"})
  void refreshFractionMatchesTheFormula(double gapInLoadCosts, double beta) {
    long loadCost = Duration.ofMillis(40).toNanos();
    long freshUntil = 1_000_000_000_000L;
    Entry<String> entry = Entry.of("v", freshUntil - 100 * loadCost, freshUntil, freshUntil,
        freshUntil, loadCost, 1, Map.of());
    long gap = (long) (gapInLoadCosts * loadCost);
    EarlyRefresh policy = EarlyRefresh.of(beta, Duration.ZERO, new Random(42));

    int refreshes = 0;
    for (int i = 0; i < TRIALS; i++) {
      if (policy.shouldRefresh(entry, freshUntil - gap)) {
        refreshes++;
      }
    }

    double expected = Math.exp(-gapInLoadCosts / beta);
    assertThat(EarlyRefresh.xfetchProbability(gap, loadCost, beta)).isCloseTo(expected, within(1e-9));
    assertThat((double) refreshes / TRIALS).isCloseTo(expected, within(TOLERANCE));
  }

  @ParameterizedTest(name = "refresh-ahead at {0}ms before expiry: {1}")
  @CsvSource({"2000, false", "1001, false", "1000, true", "1, true"})
  void refreshAheadFiresInsideItsWindowOnly(long msBeforeExpiry, boolean expected) {
    long freshUntil = 5_000_000_000_000L;
    Entry<String> entry = Entry.of("v", 0, freshUntil, freshUntil, freshUntil, 0, 1, Map.of());
    EarlyRefresh policy = EarlyRefresh.of(0, Duration.ofSeconds(1), new Random(1));
    assertThat(policy.shouldRefresh(entry, freshUntil - Duration.ofMillis(msBeforeExpiry).toNanos()))
        .isEqualTo(expected);
  }
}
