package io.caskade;

import io.caskade.entry.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** {@link LocalTier#none()}: the L1 of a cache built with {@code disableL1()}. */
final class NoL1 implements LocalTier<Object, Object> {

  static final NoL1 INSTANCE = new NoL1();

  private NoL1() {}

  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public Entry<Object> get(Object key, long now) {
    return null;
  }

  @Override
  public Entry<Object> get(Object key) {
    return null;
  }

  @Override
  public void put(Object key, Entry<Object> entry) {}

  @Override
  public long stamp(Object key) {
    return 0;
  }

  @Override
  public boolean putIfUnchanged(Object key, Entry<Object> entry, long stamp,
      BooleanSupplier voided) {
    return false;
  }

  @Override
  public Entry<Object> suspect(Object key, long now) {
    return null;
  }

  @Override
  public void invalidate(Object key) {}

  @Override
  public void invalidateAll() {}

  @Override
  public void invalidateIf(Predicate<? super Object> affected) {}

  @Override
  public void distrust(Duration lifetime) {}

  @Override
  public void trust() {}

  @Override
  public List<Object> hottest(int n) {
    return List.of();
  }

  @Override
  public List<Object> sample(int n, Random random) {
    return List.of();
  }

  @Override
  public void close() {}
}
