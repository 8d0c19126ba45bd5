/**
 * Memcached as Caskade's shared tier: connect a {@link io.caskade.memcached.MemcachedFleet} from a
 * {@link io.caskade.memcached.MemcachedConfig} ({@code memcached://h1:p,h2:p}), then compose a
 * {@link io.caskade.memcached.MemcachedStore}, its {@link io.caskade.memcached.MemcachedLeases} and
 * a {@link io.caskade.memcached.MemcachedVersionStore} with a bus.
 */
package io.caskade.memcached;
