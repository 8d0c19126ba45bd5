/** Routing, per-server calls, key layout and lease placeholders of the Memcached tier; not API. */
package io.caskade.memcached.internal;
