package io.caskade.cdc.postgres;

/**
 * A replication slot as {@code pg_replication_slots} reports it.
 *
 * @param slot the slot's name
 * @param exists false when there is no such slot (nothing is retained for it)
 * @param active true while a consumer streams from it
 * @param lagBytes WAL the server keeps for the slot: current WAL position minus the slot's
 *     confirmed flush position (-1 when unknown)
 * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost}
 *     (PostgreSQL 13+); {@code lost} means changes are gone and the caches must be flushed
 * @param safeWalSizeBytes WAL that can still be written before the slot is in danger of losing
 *     changes under {@code max_slot_wal_keep_size}; -1 when unlimited
 * @param warning true when {@code lagBytes} reached the warning threshold or the WAL is
 *     {@code unreserved} or {@code lost}
 */
public record SlotStatus(String slot, boolean exists, boolean active, long lagBytes,
    String walStatus, long safeWalSizeBytes, boolean warning) {

  /** Before the first check. */
  static SlotStatus unknown(String slot) {
    return new SlotStatus(slot, false, false, -1, "unknown", -1, false);
  }
}
