package io.caskade.audit;

import java.util.Objects;

/**
 * Decides whether a cached value still matches what the source returns now. Plug one in when
 * {@code equals} is too strict (a field that changes on every read, a timestamp, float noise) or
 * too lax.
 *
 * @param <V> value type
 */
@FunctionalInterface
public interface Equivalence<V> {

  /** True when {@code cached} and {@code fresh} (both non-null) count as the same value. */
  boolean equivalent(V cached, V fresh);

  /** {@link Object#equals}: the default. */
  static <V> Equivalence<V> equality() {
    return Objects::equals;
  }
}
