package io.caskade.metrics;

/**
 * One thing that happened in a cache, as a listener sees it.
 *
 * @param cache the cache's name
 * @param type what happened
 * @param key the key concerned, or null for cache-wide events
 * @param nanos a duration where one applies (a load's time), else 0
 */
public record CacheEvent(String cache, CacheEventType type, Object key, long nanos) {}
