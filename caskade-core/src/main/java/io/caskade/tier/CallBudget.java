package io.caskade.tier;

/**
 * The time one cache call has spent waiting on a tier, summed over all of its round trips, so a
 * tier can bound the call's total wait and not only each command's. The cache opens one around each
 * read ({@link #open()}); a tier reads it with {@link #current()} and {@link #spend adds} what each
 * of its round trips took. While the call waits for another instance's leased load
 * ({@link #polling()}), the polls the tier answered do not count: that wait has its own bound
 * (the cache's {@code leaseWait}); polls that fail do. Confined to the calling thread; background
 * work has none.
 */
public final class CallBudget {

  /** One budget object per thread, reused by every call on it: no allocation per read. */
  private static final ThreadLocal<CallBudget> CURRENT = ThreadLocal.withInitial(CallBudget::new);
  private static final Scope NESTED = () -> { };

  private long spentNanos;
  private boolean polling;
  private boolean active;
  private final Scope end = () -> active = false;

  private CallBudget() {}

  /** The budget of the cache call running on this thread, or null outside one. */
  public static CallBudget current() {
    CallBudget b = CURRENT.get();
    return b.active ? b : null;
  }

  /**
   * Starts a call's budget on this thread, to be closed when the call ends; inside a call already
   * running, the call's own budget goes on (closing the returned scope does nothing).
   */
  public static Scope open() {
    CallBudget b = CURRENT.get();
    if (b.active) {
      return NESTED;
    }
    b.active = true;
    b.spentNanos = 0;
    b.polling = false;
    return b.end;
  }

  /**
   * Marks the round trips until the returned scope closes as polls of a lease wait (see the class
   * comment); does nothing outside a call.
   */
  public static Scope polling() {
    CallBudget b = current();
    if (b == null || b.polling) {
      return NESTED;
    }
    b.polling = true;
    return () -> b.polling = false;
  }

  /** The time this call has waited on the tier so far. */
  public long spentNanos() {
    return spentNanos;
  }

  /**
   * Adds the duration of one round trip, unless it was a poll of a lease wait the tier answered.
   *
   * @param answered false when the round trip failed (timeout, error, refusal)
   */
  public void spend(long nanos, boolean answered) {
    if (nanos > 0 && !(answered && polling)) {
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
