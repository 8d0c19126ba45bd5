package io.caskade.contracts.memory;

import io.caskade.entry.Entry;
import io.caskade.tier.Claim;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.TierStore;
import java.time.Duration;
import java.util.UUID;

/** {@link Leases} on a {@link MemoryServer}: a lease record per key with a TTL. */
final class MemoryLeases implements Leases<String, String> {

  private final MemoryStore store;
  private final long ttlNanos;

  MemoryLeases(MemoryStore store, Duration ttl) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
  }

  @Override
  public Lease acquire(String key) {
    String token = UUID.randomUUID().toString();
    MemoryServer server = store.server();
    long now = server.now();
    MemoryServer.LeaseRecord mine = new MemoryServer.LeaseRecord(token, now + ttlNanos);
    MemoryServer.LeaseRecord held = server.leases.compute(store.serverKey(key),
        (k, cur) -> cur == null || cur.expiresAt() <= now ? mine : cur);
    return held == mine ? Lease.granted(token) : Lease.heldElsewhere();
  }

  /** Atomic like the Redis script: the check and the grant under the lease record's lock. */
  @Override
  public Claim<String> claim(String key, TierStore<String, String> other) {
    if (other != store) {
      return Leases.super.claim(key, other);
    }
    String token = UUID.randomUUID().toString();
    MemoryServer server = store.server();
    long now = server.now();
    MemoryServer.LeaseRecord mine = new MemoryServer.LeaseRecord(token, now + ttlNanos);
    @SuppressWarnings("unchecked")
    Entry<String>[] found = new Entry[1];
    MemoryServer.LeaseRecord held = server.leases.compute(store.serverKey(key), (k, cur) -> {
      found[0] = store.get(key);
      if (found[0] != null) {
        return cur;
      }
      return cur == null || cur.expiresAt() <= now ? mine : cur;
    });
    if (found[0] != null) {
      return Claim.found(found[0]);
    }
    return Claim.lease(held == mine ? Lease.granted(token) : Lease.heldElsewhere());
  }

  @Override
  public boolean fill(String key, Entry<String> entry, Lease lease) {
    MemoryServer server = store.server();
    boolean[] filled = new boolean[1];
    server.leases.computeIfPresent(store.serverKey(key), (k, cur) -> {
      if (cur.token().equals(lease.token()) && cur.expiresAt() > server.now()) {
        store.put(key, entry);
        filled[0] = true;
        return null;
      }
      return cur;
    });
    return filled[0];
  }

  @Override
  public void release(String key, Lease lease) {
    store.server().leases.computeIfPresent(store.serverKey(key),
        (k, cur) -> cur.token().equals(lease.token()) ? null : cur);
  }
}
