package io.caskade.cdc.postgres;

import java.time.Duration;

/**
 * A snapshot of a {@link ChangeLogInvalidator}'s counters.
 *
 * @param streaming true while it holds the slot and streams changes
 * @param transactions committed transactions received (empty ones skipped by the server)
 * @param changes row changes of mapped tables received
 * @param invalidations keys and tags invalidated (a TRUNCATE's whole-cache invalidation is one)
 * @param errors sessions that ended in an error (then it reconnects and resumes from the slot)
 * @param confirmedLsn the last position confirmed to the server (flushed): a restart resumes after
 *     it; {@code 0/0} before the first
 * @param lastDelay commit (server clock) to invalidations applied, of the last transaction that
 *     invalidated something
 * @param maxDelay the longest such delay
 * @param meanDelay the mean such delay
 * @param slot the slot as the last check found it (lag in bytes, warning)
 */
public record CdcStats(boolean streaming, long transactions, long changes, long invalidations,
    long errors, String confirmedLsn, Duration lastDelay, Duration maxDelay, Duration meanDelay,
    SlotStatus slot) {}
