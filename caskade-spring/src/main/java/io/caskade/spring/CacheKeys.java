package io.caskade.spring;

import java.lang.reflect.Method;
import java.time.temporal.TemporalAccessor;
import java.util.UUID;

/**
 * Turns the key Spring computed for a cached method call into the string Caskade stores it under.
 *
 * <p>Caskade shares keys across instances (L2 keys, bus messages), so a key must have a stable
 * string form: strings as they are; numbers, booleans, characters, enums, UUIDs and
 * {@code java.time} values by {@code toString()}; Spring's {@code SimpleKey} (several
 * parameters) and any class that overrides {@code toString()} by that. A key whose class keeps
 * {@code Object.toString()} (an identity hash, different on every instance) is refused with an
 * {@link IllegalArgumentException} rather than silently never shared — the same rule as Spring
 * Data Redis's {@code RedisCache}. Keys of different types with equal strings (the string
 * {@code "42"} and the number {@code 42}) are the same cache entry.
 */
final class CacheKeys {

  private CacheKeys() {}

  static String of(Object key) {
    if (key instanceof String s) {
      return s;
    }
    if (key instanceof Number || key instanceof Boolean || key instanceof Character
        || key instanceof Enum<?> || key instanceof UUID || key instanceof TemporalAccessor) {
      return key.toString();
    }
    if (overridesToString(key.getClass())) {
      return key.toString();
    }
    throw new IllegalArgumentException("cannot use a " + key.getClass().getName()
        + " as a Caskade cache key: it has no stable string form (override toString(), or "
        + "use a key expression such as @Cacheable(key = \"#user.id\"))");
  }

  private static boolean overridesToString(Class<?> type) {
    try {
      Method m = type.getMethod("toString");
      return m.getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
