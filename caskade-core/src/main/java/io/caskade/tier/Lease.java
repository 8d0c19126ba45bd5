package io.caskade.tier;

/**
 * The answer to a lease request: {@link #isGranted() granted} with a token, or held by another
 * loader, in which case the caller waits for that loader's fill.
 */
public final class Lease {

  private static final Lease HELD = new Lease(null);

  private final String token;

  private Lease(String token) {
    this.token = token;
  }

  /** A lease granted to this caller. */
  public static Lease granted(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a granted lease needs a token");
    }
    return new Lease(token);
  }

  /** Another caller holds the lease. */
  public static Lease heldElsewhere() {
    return HELD;
  }

  public boolean isGranted() {
    return token != null;
  }

  /** The token of a granted lease; null when held elsewhere. */
  public String token() {
    return token;
  }

  @Override
  public String toString() {
    return isGranted() ? "Lease{granted " + token + '}' : "Lease{held elsewhere}";
  }
}
