package io.caskade;

import java.util.Optional;

/**
 * What the cache holds for a key, without loading: nothing, a value, or the source's "not found".
 *
 * @param <V> value type
 */
public final class Lookup<V> {

  /** The three answers. */
  public enum State {
    /** Not in the cache (or expired): a get would load. */
    ABSENT,
    /** A cached value. */
    FOUND,
    /** Cached as "not found in the source" (negative caching). */
    NOT_FOUND
  }

  private static final Lookup<?> ABSENT = new Lookup<>(State.ABSENT, null);
  private static final Lookup<?> NOT_FOUND = new Lookup<>(State.NOT_FOUND, null);

  private final State state;
  private final V value;

  private Lookup(State state, V value) {
    this.state = state;
    this.value = value;
  }

  @SuppressWarnings("unchecked")
  static <V> Lookup<V> absent() {
    return (Lookup<V>) ABSENT;
  }

  @SuppressWarnings("unchecked")
  static <V> Lookup<V> notFound() {
    return (Lookup<V>) NOT_FOUND;
  }

  static <V> Lookup<V> found(V value) {
    return new Lookup<>(State.FOUND, value);
  }

  public State state() {
    return state;
  }

  /** True for {@link State#FOUND} and {@link State#NOT_FOUND}: the cache has an answer. */
  public boolean isCached() {
    return state != State.ABSENT;
  }

  /** True when the cache holds the source's "not found". */
  public boolean isNotFound() {
    return state == State.NOT_FOUND;
  }

  /** The value when {@link State#FOUND}. */
  public Optional<V> value() {
    return Optional.ofNullable(value);
  }

  @Override
  public String toString() {
    return state == State.FOUND ? "Lookup{FOUND " + value + '}' : "Lookup{" + state + '}';
  }
}
