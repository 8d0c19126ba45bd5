package io.caskade.redis;

import io.caskade.tier.TierException;

/**
 * Redis refused this client: wrong credentials ({@code WRONGPASS}, {@code NOAUTH}), a user whose
 * ACL lacks a command, key or channel the module needs ({@code NOPERM}), or a setting it rejects
 * (unknown or renamed command, database index). Retrying does not help, so building a
 * {@link RedisTier} or a write journal fails with it at once. {@link #serverError()} is the
 * server's own error text, also in the message. See {@link RedisErrors}.
 */
public final class RedisAccessException extends TierException {

  private static final long serialVersionUID = 1L;

  private final String serverError;

  RedisAccessException(String message, String serverError, Throwable cause) {
    super(message, cause);
    this.serverError = serverError;
  }

  /** The error Redis answered, e.g. {@code WRONGPASS invalid username-password pair ...}. */
  public String serverError() {
    return serverError;
  }
}
