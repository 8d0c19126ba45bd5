package io.caskade.memcached;

/**
 * What a {@link MemcachedStore} counted since it was built.
 *
 * @param hits reads that found a live entry
 * @param misses reads that found nothing usable (absent, expired, a lease placeholder, corrupt)
 * @param corrupt reads whose bytes did not decode (also counted in misses)
 * @param oversized values refused for the item size limit
 * @param errors calls that failed (timeout, connection lost, circuit open, budget spent)
 * @param budgetSpent of those, round trips skipped because their cache call had already waited
 *     its whole operation timeout on memcached
 */
public record MemcachedStoreStats(long hits, long misses, long corrupt, long oversized,
    long errors, long budgetSpent) {}
