/**
 * Caskade's core: the {@link io.caskade.Cache} API and its builder, the entry envelope, the tier
 * SPI, source protection, write modes and write-behind, warm-up, drift audits and metrics. The
 * engine behind {@code Cache} is package-private in {@code io.caskade}; {@code io.caskade.flight}
 * (single-flight) is internal and not exported.
 */
module io.caskade.core {
  requires transitive java.sql;
  requires transitive org.slf4j;
  requires com.github.benmanes.caffeine;
  requires transitive com.google.common;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.bulkhead;
  requires io.github.resilience4j.ratelimiter;
  requires transitive io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.timelimiter;
  requires static micrometer.core;
  requires transitive com.fasterxml.jackson.databind;

  exports io.caskade;
  exports io.caskade.audit;
  exports io.caskade.bloom;
  exports io.caskade.bus;
  exports io.caskade.codec;
  exports io.caskade.entry;
  exports io.caskade.invalidation;
  exports io.caskade.metrics;
  exports io.caskade.micrometer;
  exports io.caskade.refresh;
  exports io.caskade.snapshot;
  exports io.caskade.source;
  exports io.caskade.tier;
  exports io.caskade.tier.compose;
  exports io.caskade.time;
  exports io.caskade.warmup;
  exports io.caskade.wire;
  exports io.caskade.write;
  exports io.caskade.write.jdbc;
}
