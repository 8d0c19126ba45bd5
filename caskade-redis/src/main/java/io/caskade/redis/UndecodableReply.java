package io.caskade.redis;

/**
 * A value reply that did not decode, as {@link EnvelopeReplies#decode} hands it from the client's
 * I/O thread to the caller's: the reply's own bytes (a copy, so that the store deletes them only
 * if nobody replaced them) and the {@link io.caskade.wire.CorruptEnvelopeException}; or, for a
 * failure that is not about the bytes (an {@link Error}), no bytes and that failure, rethrown on
 * the caller's thread.
 */
record UndecodableReply(byte[] bytes, Throwable cause) {

  /** True when the bytes are corrupt (a counted miss); false for a failure to rethrow. */
  boolean isCorrupt() {
    return bytes != null;
  }
}
