package io.caskade.bus;

import java.util.List;

/**
 * The bus concern of a shared tier: tells every other instance of a cache what this one
 * invalidated, so they drop their L1 copies. Composed with a store by
 * {@link io.caskade.tier.compose.Tiers#compose}. Implementations: Redis pub/sub ({@code RedisBus}),
 * PostgreSQL {@code LISTEN/NOTIFY}; any of them works with any store.
 *
 * <p>Keys travel encoded (the store's {@link io.caskade.codec.KeyCodec}). A bus ignores its own
 * messages (their origin is this instance). A bus that can lose messages must say so: when its
 * connection drops it reports {@link BusListener#onBusDown()} (or, if it can still tell which keys
 * were affected, {@link BusListener#onKeysLost}), and when it is back, {@link BusListener#onAll()}
 * unless it can tell exactly what was missed. Publishing failures are
 * {@link io.caskade.tier.TierException}s (the composed tier queues and replays them).
 */
public interface InvalidationBus extends AutoCloseable {

  /**
   * Joins the channel of {@code cache} and starts delivering other instances' messages to
   * {@code listener}; called once by the composed tier. Must not fail when the bus's server is
   * unreachable: deliver {@link BusListener#onBusDown()} and keep trying in the background.
   */
  void start(String cache, BusListener listener);

  /** Tells other instances that {@code keys} (encoded) were invalidated. */
  void publishKeys(List<String> keys);

  /** Tells other instances that {@code tag} moved to {@code version}. */
  void publishTag(String tag, long version);

  /** Tells other instances that the namespace generation moved to {@code generation}. */
  void publishNamespace(long generation);

  /** True while this instance hears other instances' messages. */
  boolean isUp();

  /** Leaves the channel and releases what the bus holds; idempotent. */
  @Override
  default void close() {}
}
