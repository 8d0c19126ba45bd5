package io.caskade.tier;

/**
 * The time one cache call has spent waiting on a tier, summed over all of its round trips, so a
 * tier can bound the call's total wait and not only each command's. The cache opens one around each
 * read ({@link #open()}); a tier reads it with {@link #current()} and {@link #spend adds} what each
 * of its round trips took. Confined to the calling thread; background work has none.
 */
public final class CallBudget {

  private static final ThreadLocal<CallBudget> CURRENT = new ThreadLocal<>();
  private static final Scope NESTED = () -> { };

  private long spentNanos;

  private CallBudget() {}

  /** The budget of the cache call running on this thread, or null outside one. */
  public static CallBudget current() {
    return CURRENT.get();
  }

  /**
   * Starts a call's budget on this thread, to be closed when the call ends; inside a call already
   * running, the call's own budget goes on (closing the returned scope does nothing).
   */
  public static Scope open() {
    if (CURRENT.get() != null) {
      return NESTED;
    }
    CURRENT.set(new CallBudget());
    return CURRENT::remove;
  }

  /** The time this call has waited on the tier so far. */
  public long spentNanos() {
    return spentNanos;
  }

  /** Adds the duration of one round trip. */
  public void spend(long nanos) {
    if (nanos > 0) {
      spentNanos += nanos;
    }
  }

  /** Ends a call's budget. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
