/**
 * The Redis L2 tier of Caskade: {@link io.caskade.redis.RedisTier} on Lettuce (standalone and
 * Cluster), the durable
 * write-behind journal and hot-key snapshots. The invalidation bus and the lease scripts are
 * internal and not exported.
 */
module io.caskade.redis {
  requires transitive io.caskade.core;
  requires transitive lettuce.core;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.core;
  requires org.slf4j;
  requires io.netty.common;
  requires io.netty.buffer;
  requires java.management;

  exports io.caskade.redis;
  exports io.caskade.redis.journal;
  exports io.caskade.redis.snapshot;
}
