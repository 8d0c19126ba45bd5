package io.caskade.bloom;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A Bloom filter in front of the source against cache penetration: a key the filter has never
 * seen is "not found" without a loader call. Built on Guava's {@link BloomFilter}; seeded from a
 * supplier of every key that exists, updated on every put and write, rebuildable at any time (a
 * Bloom filter cannot forget, so deleted keys leave it only on rebuild).
 *
 * <p>False positives (a missing key the filter lets through) reach the loader and are then
 * negatively cached; false negatives cannot happen for keys seeded or put. Thread-safe.
 *
 * @param <K> key type
 */
public final class BloomGuard<K> {

  private final Funnel<? super K> funnel;
  private final long expectedInsertions;
  private final double falsePositiveRate;
  private final Supplier<? extends Iterable<? extends K>> keySupplier;
  private final AtomicReference<BloomFilter<K>> filter = new AtomicReference<>();

  private BloomGuard(Funnel<? super K> funnel, long expectedInsertions, double falsePositiveRate,
      Supplier<? extends Iterable<? extends K>> keySupplier) {
    if (expectedInsertions <= 0) {
      throw new IllegalArgumentException("expectedInsertions must be positive: " + expectedInsertions);
    }
    if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
      throw new IllegalArgumentException("falsePositiveRate must be in (0, 1): " + falsePositiveRate);
    }
    this.funnel = Objects.requireNonNull(funnel, "funnel");
    this.expectedInsertions = expectedInsertions;
    this.falsePositiveRate = falsePositiveRate;
    this.keySupplier = Objects.requireNonNull(keySupplier, "keySupplier");
    rebuild();
  }

  /**
   * A guard seeded with every key {@code keySupplier} yields (it is called again on
   * {@link #rebuild()}).
   *
   * @param funnel how a key becomes bytes, e.g. {@code Funnels.longFunnel()}
   * @param expectedInsertions how many keys the filter is sized for
   * @param falsePositiveRate the share of absent keys that may pass, e.g. 0.01
   */
  public static <K> BloomGuard<K> create(Funnel<? super K> funnel, long expectedInsertions,
      double falsePositiveRate, Supplier<? extends Iterable<? extends K>> keySupplier) {
    return new BloomGuard<>(funnel, expectedInsertions, falsePositiveRate, keySupplier);
  }

  /** False when the key certainly does not exist in the source. */
  public boolean mightContain(K key) {
    return filter.get().mightContain(key);
  }

  /** Records that {@code key} exists (call on every insert into the source). */
  public void put(K key) {
    filter.get().put(key);
  }

  /** Builds a new filter from the key supplier and swaps it in; returns how many keys it holds. */
  public long rebuild() {
    @SuppressWarnings("unchecked")
    BloomFilter<K> fresh = BloomFilter.create((Funnel<K>) funnel, expectedInsertions, falsePositiveRate);
    long n = 0;
    for (K key : keySupplier.get()) {
      fresh.put(key);
      n++;
    }
    filter.set(fresh);
    return n;
  }

  /** The filter's estimate of its current false-positive probability. */
  public double expectedFalsePositiveRate() {
    return filter.get().expectedFpp();
  }
}
