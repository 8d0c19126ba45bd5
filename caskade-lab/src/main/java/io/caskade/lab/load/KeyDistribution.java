package io.caskade.lab.load;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/** Which keys clients ask for. Each client thread gets its own chooser from its own seed. */
@FunctionalInterface
public interface KeyDistribution {

  /** A key chooser for one client thread (not thread-safe itself). */
  LongSupplier chooser(SplittableRandom random);

  /** Keys {@code first..first+count-1}, each as likely as another. */
  static KeyDistribution uniform(long first, long count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    return random -> () -> first + random.nextLong(count);
  }

  /** Always {@code key}: a single hot key. */
  static KeyDistribution single(long key) {
    return random -> () -> key;
  }

  /**
   * Keys {@code first..first+count-1} with Zipf popularity: the key of rank r (the first key is
   * rank 1) is asked with probability proportional to {@code 1/r^exponent}.
   */
  static KeyDistribution zipf(long first, long count, double exponent) {
    ZipfTable table = new ZipfTable(count, exponent);
    return random -> () -> first + table.rank(random.nextDouble()) - 1;
  }

  /** {@code zipf} when the exponent is positive, else uniform over ids 1..keys. */
  static KeyDistribution forKeys(long keys, double zipfExponent) {
    return zipfExponent > 0 ? zipf(1, keys, zipfExponent) : uniform(1, keys);
  }
}
