package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import java.util.concurrent.atomic.LongAdder;

/**
 * The article's cache-aside, as most code writes it: look in the cache, on a miss query the
 * source and put the row. No single-flight, and "not found" is never cached.
 */
final class NaiveCacheAside implements RequestHandler {

  private final Cache<Long, User> cache;
  private final UserRepository repository;
  private final ExpiryWaves waves;
  private final LongAdder hits = new LongAdder();

  NaiveCacheAside(Cache<Long, User> cache, UserRepository repository, ExpiryWaves waves) {
    this.cache = cache;
    this.repository = repository;
    this.waves = waves;
  }

  @Override
  public void handle(long key) {
    User user = cache.getIfPresent(key);
    if (user != null) {
      hits.increment();
      return;
    }
    waves.missed();
    user = repository.find(key).orElse(null);
    if (user != null) {
      cache.put(key, user);
      waves.stored();
    }
  }

  long hits() {
    return hits.sum();
  }
}
