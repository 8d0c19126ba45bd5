/**
 * Where a JCache cache's entries live: a Caskade cache of {@link io.caskade.jcache.store.Stored}
 * entries (value and JSR-107 expiry instant), store-by-value copies, the Redis codecs for
 * arbitrary Serializable keys and values, and the herd guard.
 */
package io.caskade.jcache.store;
