/**
 * The Memcached parts of a Caskade shared tier, on Folsom: {@link io.caskade.memcached.MemcachedStore}
 * (entries, ketama over several servers, a circuit breaker per server),
 * {@link io.caskade.memcached.MemcachedLeases} (one load per key across the fleet) and
 * {@link io.caskade.memcached.MemcachedVersionStore} (clock-floored counters). Composed with a bus
 * by {@code io.caskade.tier.compose.Tiers.compose}. The routing and wire details are internal.
 */
module io.caskade.memcached {
  requires transitive io.caskade.core;
  requires folsom;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.core;
  requires org.slf4j;

  exports io.caskade.memcached;
}
