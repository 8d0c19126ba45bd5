package io.caskade.tier.compose;

import io.caskade.bus.BusListener;
import io.caskade.tier.RemoteInvalidationListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a composed tier does with other instances' messages: keys decoded with the store's key
 * codec and dropped from L1, tag versions and generations learnt, cached versions re-read after a
 * reconnection, L1 cleared or distrusted when the bus says it missed something.
 */
final class BusMessages<K> implements BusListener {

  private static final Logger log = LoggerFactory.getLogger(BusMessages.class);

  private final ComposedTier<K, ?> tier;

  BusMessages(ComposedTier<K, ?> tier) {
    this.tier = tier;
  }

  @Override
  public void onKeys(List<String> encoded) {
    RemoteInvalidationListener<K> l = tier.remote();
    if (l == null) {
      return;
    }
    List<K> decoded = new ArrayList<>(encoded.size());
    try {
      encoded.forEach(k -> decoded.add(tier.keys().decode(k)));
    } catch (RuntimeException e) {
      log.warn("cache '{}': cannot decode keys {} from the bus; clearing L1", tier.bound().cache(),
          encoded);
      l.onAll();
      return;
    }
    l.onKeys(decoded);
  }

  @Override
  public void onTag(String tag, long version) {
    tier.bound().tags().learn(tag, version);
    RemoteInvalidationListener<K> l = tier.remote();
    if (l != null) {
      l.onTag(tag);
    }
  }

  @Override
  public void onNamespace(long generation) {
    tier.bound().generation().learn(generation);
    RemoteInvalidationListener<K> l = tier.remote();
    if (l != null) {
      l.onAll();
    }
  }

  @Override
  public void onAll() {
    ComposedTier.Bound b = tier.bound();
    b.generation().markStale();
    b.tags().markAllStale();
    RemoteInvalidationListener<K> l = tier.remote();
    if (l != null) {
      l.onAll();
    }
  }

  @Override
  public void onReconnected() {
    ComposedTier.Bound b = tier.bound();
    b.generation().markStale();
    b.tags().markAllStale();
  }

  @Override
  public void onKeysLost(Predicate<String> affected) {
    RemoteInvalidationListener<K> l = tier.remote();
    if (l != null) {
      l.onKeysLost(k -> affected.test(tier.keys().encode(k)));
    }
  }

  @Override
  public void onBusDown() {
    RemoteInvalidationListener<K> l = tier.remote();
    if (l != null) {
      l.onBusDown();
    }
  }
}
