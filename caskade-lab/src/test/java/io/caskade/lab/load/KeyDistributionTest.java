package io.caskade.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class KeyDistributionTest {

  @Test
  void uniformStaysInItsRange() {
    LongSupplier keys = KeyDistribution.uniform(11, 5).chooser(new SplittableRandom(1));
    for (int i = 0; i < 10_000; i++) {
      assertThat(keys.getAsLong()).isBetween(11L, 15L);
    }
  }

  @Test
  void zipfFavoursTheFirstKeysAndIsReproducibleFromItsSeed() {
    KeyDistribution zipf = KeyDistribution.zipf(1, 1_000, 1.0);
    LongSupplier a = zipf.chooser(new SplittableRandom(42));
    LongSupplier b = zipf.chooser(new SplittableRandom(42));
    long[] counts = new long[1_001];
    for (int i = 0; i < 100_000; i++) {
      long key = a.getAsLong();
      assertThat(key).isBetween(1L, 1_000L).isEqualTo(b.getAsLong());
      counts[(int) key]++;
    }
    assertThat(counts[1]).isGreaterThan(counts[2]).isGreaterThan(counts[100] * 10);
  }
}
