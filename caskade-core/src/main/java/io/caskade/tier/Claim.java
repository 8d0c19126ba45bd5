package io.caskade.tier;

import io.caskade.entry.Entry;
import java.util.Objects;

/**
 * The answer to a claim on a key that missed ({@link Leases#claim}): the entry the tier holds for
 * it now (another instance filled it since the caller's read), or, when it holds none, the answer
 * to the lease request. Exactly one of {@link #found()} and {@link #lease()} is non-null.
 *
 * @param <V> value type
 */
public final class Claim<V> {

  private final Entry<V> found;
  private final Lease lease;

  private Claim(Entry<V> found, Lease lease) {
    this.found = found;
    this.lease = lease;
  }

  /** The tier holds {@code entry}: no lease was requested. */
  public static <V> Claim<V> found(Entry<V> entry) {
    return new Claim<>(Objects.requireNonNull(entry, "entry"), null);
  }

  /** The tier holds nothing for the key, and this is the answer to the lease request. */
  public static <V> Claim<V> lease(Lease lease) {
    return new Claim<>(null, Objects.requireNonNull(lease, "lease"));
  }

  /** The entry the tier holds, or null when it holds none. */
  public Entry<V> found() {
    return found;
  }

  /** The answer to the lease request, or null when an entry was found. */
  public Lease lease() {
    return lease;
  }

  @Override
  public String toString() {
    return found != null ? "Claim{found}" : "Claim{" + lease + '}';
  }
}
