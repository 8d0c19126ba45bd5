package io.caskade;

import java.util.List;
import java.util.Random;

/**
 * A read-only view of the keys a cache holds in its in-process tier (L1), for tools that need
 * them: hot-key snapshots, drift audits, diagnostics. Obtain it with {@link Cache#keys()}. Without
 * an L1 ({@code disableL1()}) both lists are empty.
 *
 * @param <K> key type
 */
public interface CachedKeys<K> {

  /** Up to {@code n} keys, the most frequently used first (Caffeine's frequency sketch). */
  List<K> hottest(int n);

  /** Up to {@code n} keys chosen uniformly at random. */
  List<K> sample(int n, Random random);
}
