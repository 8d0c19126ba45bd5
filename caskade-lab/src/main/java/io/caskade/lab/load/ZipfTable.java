package io.caskade.lab.load;

import java.util.Arrays;

/** The cumulative distribution of Zipf ranks 1..n, sampled by binary search. Immutable. */
final class ZipfTable {

  static final long MAX_KEYS = 20_000_000;

  private final double[] cdf;

  ZipfTable(long n, double exponent) {
    if (n <= 0 || n > MAX_KEYS) {
      throw new IllegalArgumentException("zipf needs 1.." + MAX_KEYS + " keys: " + n);
    }
    if (!(exponent > 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("zipf exponent must be positive: " + exponent);
    }
    cdf = new double[(int) n];
    double sum = 0;
    for (int r = 1; r <= n; r++) {
      sum += 1.0 / Math.pow(r, exponent);
      cdf[r - 1] = sum;
    }
    for (int i = 0; i < cdf.length; i++) {
      cdf[i] /= sum;
    }
  }

  /** The rank (1..n) whose cumulative probability first reaches {@code u} in [0, 1). */
  long rank(double u) {
    int i = Arrays.binarySearch(cdf, u);
    int index = i >= 0 ? i : -i - 1;
    return Math.min(index, cdf.length - 1) + 1L;
  }
}
