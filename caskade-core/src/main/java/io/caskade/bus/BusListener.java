package io.caskade.bus;

import java.util.List;
import java.util.function.Predicate;

/**
 * What an {@link InvalidationBus} delivers to the tier that started it. Called on the bus's own
 * threads; implementations return quickly.
 */
public interface BusListener {

  /** Another instance invalidated {@code keys} (encoded). */
  void onKeys(List<String> keys);

  /** Another instance bumped {@code tag} to {@code version}. */
  void onTag(String tag, long version);

  /** Another instance bumped the namespace generation to {@code generation}. */
  void onNamespace(long generation);

  /**
   * Everything this instance holds may be stale: the bus came back after a loss and cannot tell
   * what it missed. Clear L1.
   */
  void onAll();

  /**
   * Invalidations of some keys were missed (a sequence gap): drop every key (encoded) for which
   * {@code affected} is true. The default clears everything.
   */
  default void onKeysLost(Predicate<String> affected) {
    onAll();
  }

  /**
   * The bus heard nothing for a while and is back, and will itself report what it missed (with
   * {@link #onKeysLost} or {@link #onAll()}): cached namespace generations and tag versions must be
   * re-read, L1 stays. A bus that cannot tell what it missed calls {@link #onAll()} instead.
   */
  default void onReconnected() {}

  /**
   * The bus can no longer hear other instances: L1 must stop trusting what it holds until
   * {@link #onAll()} says the bus hears again.
   */
  void onBusDown();
}
