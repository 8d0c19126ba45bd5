package io.caskade.jcache.store;

import java.io.Serializable;

/**
 * What the provider keeps in the Caskade cache for one JCache entry: the value (a copy when the
 * cache stores by value) and the instant, in epoch millis, at which the JSR-107 expiry policy
 * expires it ({@link Long#MAX_VALUE} = eternal). Immutable; travels to the L2 tier as is.
 */
public final class Stored implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Object value;
  private final long expireAt;

  public Stored(Object value, long expireAt) {
    this.value = value;
    this.expireAt = expireAt;
  }

  public Object value() {
    return value;
  }

  public long expireAt() {
    return expireAt;
  }

  public boolean isExpiredAt(long nowMillis) {
    return expireAt <= nowMillis;
  }

  public Stored withExpireAt(long newExpireAt) {
    return new Stored(value, newExpireAt);
  }
}
