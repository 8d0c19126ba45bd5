package io.caskade.spring.boot.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one "database" both application contexts read (one instance shared by the two contexts of
 * a test, as a real database would be): counts every read and takes {@code latency} per read.
 */
public final class UserTable {

  private final Map<Long, String> rows = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final Duration latency;

  public UserTable(Duration latency) {
    this.latency = latency;
  }

  public User find(long id) {
    reads.incrementAndGet();
    LockSupport.parkNanos(latency.toNanos()); // the source's own cost, not a wait for a condition
    String name = rows.get(id);
    return name == null ? null : new User(id, name);
  }

  public void save(long id, String name) {
    rows.put(id, name);
  }

  public int reads() {
    return reads.get();
  }
}
