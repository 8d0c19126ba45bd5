package io.caskade.spring;

import io.caskade.Cache;

/**
 * Builds the Caskade cache behind one Spring cache name, e.g.
 * {@code name -> Caskade.<String, Object>builder(name).ttl(Duration.ofMinutes(5)).l2(tier).build()}.
 * Keys are the strings Spring's keys map to (see {@link CaskadeSpringCache}).
 */
@FunctionalInterface
public interface CaskadeCacheFactory {

  /** A new cache named {@code name}; the manager owns it and closes it. */
  Cache<String, Object> create(String name);
}
