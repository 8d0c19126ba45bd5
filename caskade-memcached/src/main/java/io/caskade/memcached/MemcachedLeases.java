package io.caskade.memcached;

import com.spotify.folsom.GetResult;
import com.spotify.folsom.MemcacheStatus;
import io.caskade.entry.Entry;
import io.caskade.memcached.internal.Expiry;
import io.caskade.memcached.internal.Placeholder;
import io.caskade.tier.Lease;
import io.caskade.tier.Leases;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierRejectedException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One load per key across the fleet, with the lease held in the value's own key (get them from
 * {@link MemcachedStore#leases()}):
 *
 * <ul>
 *   <li>acquire: {@code add <key> placeholder(token)} with the lease TTL. When the key holds an
 *       entry (a stale one being refreshed), the placeholder replaces it by {@code cas} and keeps
 *       it inside, so readers go on being served it; when it holds another instance's placeholder
 *       whose deadline has passed, it is taken over by {@code cas}. A live placeholder of another
 *       instance: held elsewhere (readers see a miss and wait for its fill).
 *   <li>fill: {@code gets <key>} must still return our placeholder; the entry is then written with
 *       {@code cas} and that CAS id. An invalidation's {@code delete} (or a {@code set}) between the
 *       two changes the CAS id, so the fill fails: a load that read the source before a write
 *       never puts the old row back after the write's delete.
 *   <li>release: our placeholder goes back to the entry it kept (or is deleted) by {@code cas}.
 * </ul>
 *
 * The takeover deadline is on the instances' wall clocks, which must agree within a fraction of
 * the lease TTL.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class MemcachedLeases<K, V> implements Leases<K, V> {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ATTEMPTS = 3;

  private final MemcachedStore<K, V> store;
  private final long ttlMillis;
  private final int ttlSeconds;

  MemcachedLeases(MemcachedStore<K, V> store, Duration ttl) {
    this.store = store;
    this.ttlMillis = ttl.toMillis();
    // memcached's clock ticks in whole seconds, so an item given n seconds may vanish after n - 1:
    // the placeholder lives a second longer; its own deadline decides when it may be taken over
    this.ttlSeconds = Expiry.of(ttl.toNanos()) + 1;
  }

  /** The store binds both (they share its context); a second cache is refused there. */
  @Override
  public void bind(TierContext context) {
    store.bind(context);
  }

  @Override
  public Lease acquire(K key) {
    String itemKey = store.itemKey(key);
    String token = newToken();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long deadline = System.currentTimeMillis() + ttlMillis;
      byte[] fresh = new Placeholder(token, deadline, null).encode();
      MemcacheStatus added = store.call(itemKey, "add", c -> c.add(itemKey, fresh, ttlSeconds));
      if (added == MemcacheStatus.OK) {
        return Lease.granted(token);
      }
      GetResult<byte[]> current = store.call(itemKey, "gets", c -> c.casGet(itemKey));
      if (current == null) {
        continue; // gone between the add and the gets: add again
      }
      byte[] kept;
      byte[] bytes = current.getValue();
      if (Placeholder.is(bytes)) {
        Placeholder other = Placeholder.decode(bytes);
        if (other != null && other.deadlineMillis() > System.currentTimeMillis()) {
          return Lease.heldElsewhere();
        }
        kept = other == null ? null : other.embedded(); // expired: take it over
      } else {
        kept = bytes;
      }
      Entry<V> keptEntry = kept == null ? null : store.live(kept);
      int exptime = keptEntry == null ? ttlSeconds
          : Math.max(ttlSeconds, store.exptime(keptEntry));
      byte[] placeholder = new Placeholder(token, deadline, keptEntry == null ? null : kept)
          .encode();
      long cas = current.getCas();
      MemcacheStatus swapped = store.call(itemKey, "cas",
          c -> c.set(itemKey, placeholder, exptime, cas));
      if (swapped == MemcacheStatus.OK) {
        return Lease.granted(token);
      }
    }
    return Lease.heldElsewhere(); // the key keeps changing under us: someone else is at it
  }

  @Override
  public boolean fill(K key, Entry<V> entry, Lease lease) {
    if (lease == null || !lease.isGranted()) {
      return false;
    }
    byte[] bytes;
    try {
      bytes = store.encode(key, entry);
    } catch (TierRejectedException e) {
      release(key, lease);
      throw e;
    }
    String itemKey = store.itemKey(key);
    GetResult<byte[]> current = store.call(itemKey, "gets", c -> c.casGet(itemKey));
    if (current == null || !ours(current.getValue(), lease.token())) {
      return false; // voided by an invalidation or taken over
    }
    int exptime = store.exptime(entry);
    long cas = current.getCas();
    if (exptime == 0) {
      store.call(itemKey, "delete", c -> c.delete(itemKey, cas));
      return false;
    }
    MemcacheStatus status = store.call(itemKey, "cas", c -> c.set(itemKey, bytes, exptime, cas));
    store.checkStored(key, bytes, status, "fill");
    return status == MemcacheStatus.OK;
  }

  @Override
  public void release(K key, Lease lease) {
    if (lease == null || !lease.isGranted()) {
      return;
    }
    String itemKey = store.itemKey(key);
    GetResult<byte[]> current = store.call(itemKey, "gets", c -> c.casGet(itemKey));
    if (current == null || !ours(current.getValue(), lease.token())) {
      return;
    }
    Placeholder mine = Placeholder.decode(current.getValue());
    Entry<V> kept = mine.embedded() == null ? null : store.live(mine.embedded());
    long cas = current.getCas();
    if (kept != null) {
      int exptime = store.exptime(kept);
      if (exptime > 0) {
        store.call(itemKey, "cas", c -> c.set(itemKey, mine.embedded(), exptime, cas));
        return;
      }
    }
    store.call(itemKey, "delete", c -> c.delete(itemKey, cas));
  }

  private static boolean ours(byte[] bytes, String token) {
    Placeholder p = Placeholder.decode(bytes);
    return p != null && p.isOf(token);
  }

  private static String newToken() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "MemcachedLeases{ttl=" + ttlMillis + "ms}";
  }
}
