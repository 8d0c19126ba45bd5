package io.caskade.snapshot;

import java.util.List;

/** {@link HotKeySnapshots#inMemory()}: the last stored list, in a volatile field. */
final class InMemoryHotKeySnapshots<K> implements HotKeySnapshots<K> {

  private volatile List<K> keys = List.of();

  @Override
  public void store(List<? extends K> keys) {
    this.keys = List.copyOf(keys);
  }

  @Override
  public List<K> load() {
    return keys;
  }

  @Override
  public String toString() {
    return "HotKeySnapshots{in-memory, " + keys.size() + " keys}";
  }
}
