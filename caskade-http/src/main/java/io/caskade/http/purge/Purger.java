package io.caskade.http.purge;

import java.util.List;

/**
 * The SPI through which invalidations reach a CDN or reverse proxy: purge every cached response
 * tagged with one of the surrogate keys. Implementations talk to the CDN synchronously and throw
 * when it did not confirm; {@link AsyncPurger} adds the queue, retries and breaker so that a CDN
 * outage never blocks or fails a cache write.
 *
 * @see io.caskade.http.varnish.VarnishPurger
 */
@FunctionalInterface
public interface Purger {

  /**
   * Purges every response tagged with one of {@code surrogateKeys}.
   *
   * @throws Exception when the CDN could not be reached or refused the purge
   */
  void purge(List<String> surrogateKeys) throws Exception;
}
