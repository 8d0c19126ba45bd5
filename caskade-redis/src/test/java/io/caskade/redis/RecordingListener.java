package io.caskade.redis;

import io.caskade.tier.RemoteInvalidationListener;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a tier told its cache. */
final class RecordingListener implements RemoteInvalidationListener<String> {
  final List<String> keys = new CopyOnWriteArrayList<>();
  final List<String> tags = new CopyOnWriteArrayList<>();
  final AtomicInteger all = new AtomicInteger();

  @Override
  public void onKeys(Collection<? extends String> k) {
    keys.addAll(k);
  }

  @Override
  public void onTag(String tag) {
    tags.add(tag);
  }

  @Override
  public void onAll() {
    all.incrementAndGet();
  }
}
