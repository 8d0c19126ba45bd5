package io.caskade.audit;

import io.caskade.Cache;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Picks an audit's keys: the {@code hottest} hottest L1 keys, then {@code random} others. */
final class KeySampler<K> {

  private final Cache<K, ?> cache;
  private final int hottest;
  private final int random;
  private final Random rng;

  KeySampler(Cache<K, ?> cache, int hottest, int random, Random rng) {
    this.cache = cache;
    this.hottest = hottest;
    this.random = random;
    this.rng = rng;
  }

  List<K> pick() {
    Set<K> keys = new LinkedHashSet<>(cache.keys().hottest(hottest));
    if (random > 0) {
      int taken = 0;
      List<K> candidates;
      synchronized (rng) {
        // Ask for extra so that overlap with the hot keys still leaves `random` others.
        candidates = cache.keys().sample(random + keys.size(), rng);
      }
      for (K key : candidates) {
        if (taken == random) {
          break;
        }
        if (keys.add(key)) {
          taken++;
        }
      }
    }
    return new ArrayList<>(keys);
  }
}
