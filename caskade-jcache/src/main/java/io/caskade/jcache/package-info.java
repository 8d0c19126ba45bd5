/**
 * A JSR-107 (JCache) provider on Caskade caches: {@link io.caskade.jcache.CaskadeCachingProvider}
 * (found through {@code ServiceLoader}), its cache managers and caches, and
 * {@link io.caskade.jcache.CaskadeConfiguration} for what JSR-107 cannot express (Redis L2, L1
 * bounds, source protection, read-through windows, the herd wait).
 */
package io.caskade.jcache;
