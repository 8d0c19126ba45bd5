package io.caskade.jcache;

import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} sees: its changes are recorded and
 * applied by the cache once the processor returns (under the key's lock).
 */
final class InvokeEntry<K, V> implements MutableEntry<K, V> {

  enum Operation { NONE, LOADED, SET, REMOVED }

  private final K key;
  private final boolean existed;
  private final Supplier<V> loader;
  private V value;
  private Operation operation = Operation.NONE;
  private boolean accessed;

  /** @param loader loads the value on a read of an absent entry (read-through), or null */
  InvokeEntry(K key, V value, Supplier<V> loader) {
    this.key = key;
    this.value = value;
    this.existed = value != null;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (operation == Operation.NONE) {
      accessed = true;
      if (value == null && loader != null) {
        V loaded = loader.get();
        if (loaded != null) {
          value = loaded;
          operation = Operation.LOADED;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    boolean createdHere = operation == Operation.SET && !existed;
    value = null;
    operation = createdHere ? Operation.NONE : Operation.REMOVED;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "value");
    value = newValue;
    operation = Operation.SET;
  }

  Operation operation() {
    return operation;
  }

  boolean accessed() {
    return accessed;
  }

  V currentValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap to " + clazz);
  }
}
