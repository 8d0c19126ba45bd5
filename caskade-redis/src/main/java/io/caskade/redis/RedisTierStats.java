package io.caskade.redis;

/**
 * A snapshot of a {@link RedisTier}'s counters.
 *
 * @param hits reads that returned an entry
 * @param misses reads that found nothing usable (absent, expired, or built under an old tag)
 * @param corrupt values that did not decode: served as misses, deleted
 * @param oversized writes rejected by the size limit (not an outage: the tier stays up)
 * @param unencodable values the codec could not encode: not stored, not an outage
 * @param errors Redis calls that failed (timeout, connection, server error, refusal)
 * @param budgetSpent calls not sent because their cache call had already waited the command
 *     timeout on Redis (one limit per cache call, across all its round trips)
 * @param circuitRejected calls skipped while the circuit breaker was open
 * @param leasesGranted lease requests won
 * @param leasesHeld lease requests that found another holder
 * @param fillsRejected fills refused because the lease had been voided or lost
 * @param busReceived bus messages applied from other instances
 * @param busIgnoredOwn bus messages ignored because this instance sent them
 * @param busGaps times the bus subscription was lost
 * @param busResubscribed times it came back (each time L1 was told to clear)
 * @param queuedInvalidations invalidations queued because Redis was unreachable
 * @param replayedInvalidations queued invalidations applied after recovery
 * @param pendingInvalidations invalidations waiting for replay now
 * @param circuitState the circuit breaker's state (CLOSED, OPEN, HALF_OPEN, ...)
 * @param state {@code UP}; {@code DOWN} (not connected or breaker open: running on L1 and the
 *     source, recovering by itself); or {@code REFUSED} (Redis refused credentials, ACL or
 *     configuration, see {@code lastError}: it needs fixing)
 * @param lastError the last failure (for a refusal, the server's error text), null if none
 * @param partitionsLost invalidation partitions found to have missed bus messages (a sequence
 *     gap, a lost subscription, or a silent loss found by the periodic check); each time only
 *     that partition's keys were dropped from L1
 */
public record RedisTierStats(long hits, long misses, long corrupt, long oversized,
    long unencodable, long errors, long budgetSpent,
    long circuitRejected, long leasesGranted, long leasesHeld, long fillsRejected,
    long busReceived, long busIgnoredOwn, long busGaps, long busResubscribed,
    long queuedInvalidations, long replayedInvalidations, int pendingInvalidations,
    String circuitState, String state, String lastError, long partitionsLost) {}
