package io.caskade.jcache;

import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * A JSR-107 {@link ExpiryPolicy} turned into expiry instants (epoch millis). A policy that throws
 * or answers null for access or update leaves the expiry unchanged ({@link #UNCHANGED}); one that
 * throws on creation makes the entry eternal, as the reference implementation does.
 */
final class ExpiryTimes {

  static final long UNCHANGED = -1;

  private final ExpiryPolicy policy;

  ExpiryTimes(ExpiryPolicy policy) {
    this.policy = policy;
  }

  ExpiryPolicy policy() {
    return policy;
  }

  long onCreation(long now) {
    try {
      Duration d = policy.getExpiryForCreation();
      return d == null ? Long.MAX_VALUE : at(d, now);
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  long onAccess(long now) {
    try {
      Duration d = policy.getExpiryForAccess();
      return d == null ? UNCHANGED : at(d, now);
    } catch (RuntimeException e) {
      return UNCHANGED;
    }
  }

  long onUpdate(long now) {
    try {
      Duration d = policy.getExpiryForUpdate();
      return d == null ? UNCHANGED : at(d, now);
    } catch (RuntimeException e) {
      return UNCHANGED;
    }
  }

  private static long at(Duration d, long now) {
    if (d.isEternal()) {
      return Long.MAX_VALUE;
    }
    if (d.isZero()) {
      return now;
    }
    long at = d.getAdjustedTime(now);
    return at < now ? Long.MAX_VALUE : at;
  }
}
