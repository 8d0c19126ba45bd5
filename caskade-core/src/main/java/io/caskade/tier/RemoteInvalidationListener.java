package io.caskade.tier;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * What a shared tier tells a cache when another instance invalidated something, or when the tier
 * can no longer vouch that it heard every invalidation (then {@link #onAll()}: clear L1).
 */
public interface RemoteInvalidationListener<K> {

  void onKeys(Collection<? extends K> keys);

  void onTag(String tag);

  void onAll();

  /**
   * The tier can no longer hear other instances' invalidations (its subscription is lost). The
   * cache stops serving what L1 holds as fresh (it remains a fallback when a load fails) and keeps
   * new L1 entries only briefly, until {@link #onAll()} says the tier hears again: staleness stays
   * bounded while the bus is down.
   */
  default void onBusDown() {}

  /**
   * The tier missed invalidations of some keys (a sequence gap on its bus, or a silent loss found
   * by comparing sequences): every key for which {@code affected} is true must be dropped from L1,
   * and loads of any key already in flight must not fill. Keys outside it stay. The default, for
   * listeners that cannot tell keys apart, is {@link #onAll()}.
   */
  default void onKeysLost(Predicate<? super K> affected) {
    onAll();
  }
}
