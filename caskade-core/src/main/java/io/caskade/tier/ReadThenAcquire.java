package io.caskade.tier;

import io.caskade.entry.Entry;
import java.util.function.Function;

/**
 * The claim of tiers whose leases cannot see their entries ({@link Leases#claim}'s and
 * {@link Tier#claim}'s default): read; acquire; when granted, read once more, and give the lease
 * back if a fill landed in between.
 */
final class ReadThenAcquire {

  private ReadThenAcquire() {}

  static <K, V> Claim<V> claim(K key, Function<K, Entry<V>> read, Leases<K, V> leases) {
    Entry<V> found = read.apply(key);
    if (found != null) {
      return Claim.found(found);
    }
    Lease lease = leases.acquire(key);
    if (lease.isGranted()) {
      Entry<V> filled = read.apply(key);
      if (filled != null) {
        leases.release(key, lease);
        return Claim.found(filled);
      }
    }
    return Claim.lease(lease);
  }
}
