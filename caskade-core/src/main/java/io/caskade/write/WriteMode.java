package io.caskade.write;

/** How {@code Cache.write} and {@code Cache.delete} keep the cache and the source together. */
public enum WriteMode {
  /**
   * The default, and the safe one: write the source, then delete the key from L2 (voiding leases),
   * from L1, and tell other instances. The next read loads the new row. Never set-on-write:
   * concurrent writers cannot leave the cache holding the older of two values.
   */
  INVALIDATE,
  /**
   * Write the source, then store the new value in L2 and L1 and tell other instances to drop
   * their copies. Reads after a write hit the cache. Writes of one key are serialized within an
   * instance; concurrent writers of one key on different instances should use INVALIDATE.
   */
  THROUGH,
  /**
   * Store the value in L1 and L2 and queue the write; a flusher writes the source later in
   * coalesced batches. Fast writes; the queue's guarantee (in-memory or durable) decides what a
   * crash can lose.
   */
  BEHIND
}
