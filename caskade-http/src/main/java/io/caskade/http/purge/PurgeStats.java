package io.caskade.http.purge;

/**
 * Counters of an {@link AsyncPurger}.
 *
 * @param submitted surrogate keys handed to the purger (a key queued twice counts twice)
 * @param purged keys the CDN confirmed
 * @param failedAttempts purge calls that failed (each retry counts)
 * @param dropped keys dropped because the queue was full (the CDN keeps those copies until they
 *     expire)
 * @param pending keys waiting in the queue
 * @param breakerState the circuit breaker's state (CLOSED, OPEN, HALF_OPEN)
 */
public record PurgeStats(long submitted, long purged, long failedAttempts, long dropped,
    int pending, String breakerState) {}
