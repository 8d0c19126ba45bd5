package io.caskade.flight;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One call per key at a time, after Go's {@code singleflight}: the first caller of a key becomes
 * the leader and does the work; callers arriving while it runs join its result instead of starting
 * another. {@link #forget} detaches a key's call (the next caller leads a new one) and marks the
 * detached call {@link Call#isForgotten() forgotten}, so its result can be kept out of a cache that
 * was invalidated while it ran.
 *
 * <p>Thread-safe and lock-free apart from {@link ConcurrentHashMap}'s per-bin locking.
 *
 * @param <K> key type
 * @param <T> result type
 */
public final class SingleFlight<K, T> {

  private final ConcurrentHashMap<K, Call<T>> calls = new ConcurrentHashMap<>();

  /**
   * The call running for {@code key}, or a new one led by the caller. Check
   * {@link Call#isLeader()}: the leader must end it with {@link #finish}.
   */
  public Call<T> join(K key) {
    Objects.requireNonNull(key, "key");
    Call<T> existing = calls.get(key);
    if (existing != null) {
      return existing.asFollower();
    }
    Call<T> fresh = new Call<>(true);
    existing = calls.putIfAbsent(key, fresh);
    return existing == null ? fresh : existing.asFollower();
  }

  /** Ends the leader's call with a result (or failure when {@code error} is non-null). */
  public void finish(K key, Call<T> call, T result, Throwable error) {
    if (!call.leader) {
      throw new IllegalStateException("only the leader finishes a call");
    }
    calls.remove(key, call);
    if (error != null) {
      call.future.completeExceptionally(error);
    } else {
      call.future.complete(result);
    }
  }

  /** Detaches the call running for {@code key}, if any, and marks it forgotten. */
  public void forget(K key) {
    Call<T> call = calls.remove(key);
    if (call != null) {
      call.forgotten = true;
    }
  }

  /** Detaches and marks every running call. */
  public void forgetAll() {
    for (K key : calls.keySet()) {
      forget(key);
    }
  }

  /** How many calls are running. */
  public int inFlight() {
    return calls.size();
  }

  /**
   * One call: a future every participant waits on.
   *
   * @param <T> result type
   */
  public static final class Call<T> {
    final CompletableFuture<T> future;
    final boolean leader;
    volatile boolean forgotten;
    private final Call<T> origin;

    Call(boolean leader) {
      this.future = new CompletableFuture<>();
      this.leader = leader;
      this.origin = null;
    }

    private Call(Call<T> origin) {
      this.future = origin.future;
      this.leader = false;
      this.origin = origin;
    }

    Call<T> asFollower() {
      return new Call<>(this);
    }

    /** True for the caller that must do the work. */
    public boolean isLeader() {
      return leader;
    }

    /** True once {@link SingleFlight#forget} detached this call while it ran. */
    public boolean isForgotten() {
      return origin == null ? forgotten : origin.forgotten;
    }

    /** Completes when the leader finishes. */
    public CompletableFuture<T> future() {
      return future;
    }
  }
}
