package io.caskade;

/** Where caches begin: {@code Caskade.<K, V>builder("name")}. */
public final class Caskade {

  private Caskade() {}

  /** A builder for a cache called {@code name} (used in metrics, logs and shared-tier keys). */
  public static <K, V> CacheBuilder<K, V> builder(String name) {
    return new CacheBuilder<>(name);
  }
}
