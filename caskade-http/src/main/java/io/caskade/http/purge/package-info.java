/**
 * Purging a CDN when the cache invalidates: the {@link io.caskade.http.purge.Purger} SPI, the
 * {@link io.caskade.http.purge.AsyncPurger} that keeps a CDN outage out of the write path (bounded
 * queue, retries, circuit breaker) and the {@link io.caskade.http.purge.PurgingCache} decorator.
 */
package io.caskade.http.purge;
