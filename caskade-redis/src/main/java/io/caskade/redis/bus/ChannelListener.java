package io.caskade.redis.bus;

import io.caskade.bus.InvalidationMessage;

/** What the {@link RedisChannel} reports to its owner. Called on a Lettuce or bus thread. */
public interface ChannelListener {

  /** A message from another instance. */
  void onMessage(InvalidationMessage message);

  /**
   * The subscription was re-established after it had been lost: messages may have been missed
   * in between, so whatever they would have invalidated must be treated as invalid.
   */
  void onResubscribed();

  /** The subscription was lost: messages from now until {@link #onResubscribed()} may be missed. */
  default void onLost() {}
}
