package io.caskade.write;

/** A write-behind queue had no room for a write and its policy said not to wait (longer). */
public class QueueFullException extends CacheWriteException {

  private static final long serialVersionUID = 1L;

  /** A full queue {@code queue} refused a write of {@code key} under {@code policy}. */
  public QueueFullException(String queue, Object key, FullQueuePolicy policy) {
    super("write-behind queue '" + queue + "' is full (" + policy + "); write of key " + key
        + " refused", null);
  }
}
