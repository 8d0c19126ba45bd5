package io.caskade.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.caskade.entry.Entry;
import io.caskade.tier.TierStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link TierStore}: round trip of every field of an entry, physical expiry at
 * {@link Entry#expiresAt()}, batch reads with hits and misses, batch deletes, undecodable bytes
 * read as a miss, a generation change making older entries unreachable, replace, and isolation
 * between caches.
 *
 * <p>A store module extends it in its test sources:
 *
 * <pre>{@code
 * class MemcachedStoreContractTest extends TierStoreContract {
 *   protected TierStore<String, String> newStore(String cache) { return ...; }
 *   protected void writeRaw(TierStore<String, String> store, ContractContext ctx, String key,
 *       byte[] bytes) { ... }
 * }
 * }</pre>
 *
 * Every test binds its stores to a fresh cache name; stores are closed after each test.
 */
public abstract class TierStoreContract {

  private final List<AutoCloseable> opened = new ArrayList<>();

  /**
   * A new store for cache {@code cache} on the server under test, not bound yet (the suite binds
   * it to a context of that name), with {@code String} keys
   * ({@link io.caskade.codec.KeyCodec#strings()}) and {@code String} values. Each call is another
   * instance of an application (its own client, or a share of one): two stores bound to the same
   * cache see each other's entries.
   */
  protected abstract TierStore<String, String> newStore(String cache);

  /**
   * Writes {@code bytes} on the server exactly where {@code store} (bound to {@code context})
   * reads {@code key} (the cache's prefix and its current generation), bypassing the store's
   * encoding: how the suite plants corrupt data.
   */
  protected abstract void writeRaw(TierStore<String, String> store, ContractContext context,
      String key, byte[] bytes);

  /**
   * How long the expiry tests wait for an entry past {@link Entry#expiresAt()} to disappear
   * (default 20 s; a store with a coarse expiry clock may need longer).
   */
  protected Duration expiryPatience() {
    return Duration.ofSeconds(20);
  }

  /** A new store bound to {@code context}, closed after the test. */
  protected final TierStore<String, String> bound(ContractContext context) {
    TierStore<String, String> store = newStore(context.cache());
    opened.add(store);
    store.bind(context);
    return store;
  }

  @AfterEach
  void closeStores() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    opened.clear();
  }

  @Test
  void anEntryRoundTripsWithEveryField() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    Entry<String> entry = ContractEntries.of("v1 é ✓", Duration.ofMinutes(10),
        Map.of("users", 42L, "orders", 7L));

    store.put("k1", entry);

    assertThat(store.get("k1")).isEqualTo(entry);
  }

  @Test
  void aNotFoundEntryRoundTrips() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    Entry<String> notFound = ContractEntries.lasting(null);

    store.put("absent-in-source", notFound);

    Entry<String> read = store.get("absent-in-source");
    assertThat(read).isEqualTo(notFound);
    assertThat(read.isNotFound()).isTrue();
  }

  @Test
  void aKeyNeverWrittenIsAMiss() {
    TierStore<String, String> store = bound(ContractContext.fresh());

    assertThat(store.get("never-written")).isNull();
  }

  @Test
  void aPutReplacesTheEntryOfTheKey() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    store.put("k", ContractEntries.lasting("old"));
    Entry<String> newer = ContractEntries.lasting("new");

    store.put("k", newer);

    assertThat(store.get("k")).isEqualTo(newer);
  }

  @Test
  void anotherInstanceOfTheSameCacheSeesTheEntry() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> a = bound(context);
    TierStore<String, String> b = bound(context);
    Entry<String> entry = ContractEntries.lasting("shared");

    a.put("k", entry);

    assertThat(b.get("k")).isEqualTo(entry);
  }

  @Test
  void anotherCacheDoesNotSeeTheEntry() {
    TierStore<String, String> users = bound(ContractContext.fresh());
    TierStore<String, String> orders = bound(ContractContext.fresh());

    users.put("k", ContractEntries.lasting("user"));

    assertThat(orders.get("k")).isNull();
    assertThat(orders.getAll(List.of("k"))).isEmpty();
  }

  @Test
  void anEntryDisappearsAfterItsExpiry() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    Entry<String> lasting = ContractEntries.lasting("stays");
    store.put("short", ContractEntries.of("goes", Duration.ofSeconds(1)));
    store.put("long", lasting);

    await("the entry past expiresAt to disappear").atMost(expiryPatience())
        .pollInterval(Duration.ofMillis(100))
        .until(() -> store.get("short") == null);

    assertThat(store.getAll(List.of("short"))).isEmpty();
    assertThat(store.get("long")).as("an entry whose expiresAt is ahead").isEqualTo(lasting);
  }

  @Test
  void aBatchReadReturnsTheHitsAndLeavesOutTheMisses() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    Entry<String> e1 = ContractEntries.lasting("one");
    Entry<String> e2 = ContractEntries.lasting(null);
    Entry<String> e3 = ContractEntries.lasting("three");
    store.put("k1", e1);
    store.put("k2", e2);
    store.put("k3", e3);

    Map<String, Entry<String>> found = store.getAll(List.of("k1", "missing-a", "k2", "k3",
        "missing-b"));

    assertThat(found).containsOnly(Map.entry("k1", e1), Map.entry("k2", e2),
        Map.entry("k3", e3));
  }

  @Test
  void aBatchReadOfNothingIsEmpty() {
    TierStore<String, String> store = bound(ContractContext.fresh());

    assertThat(store.getAll(List.of())).isEmpty();
  }

  @Test
  void theMapOfABatchReadBelongsToTheCaller() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    store.put("k1", ContractEntries.lasting("one"));
    store.put("k2", ContractEntries.lasting("two"));

    Map<String, Entry<String>> found = store.getAll(List.of("k1", "k2"));

    // the composed tier drops keys whose own invalidation is still queued from this map
    assertThatCode(() -> found.keySet().removeIf("k1"::equals)).doesNotThrowAnyException();
    assertThat(found).containsOnlyKeys("k2");
  }

  @Test
  void aLargeBatchReadFindsEveryKey() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add("batch-" + i);
      if (i % 2 == 0) {
        store.put("batch-" + i, ContractEntries.lasting("v" + i));
      }
    }

    Map<String, Entry<String>> found = store.getAll(keys);

    assertThat(found).hasSize(250);
    assertThat(found.get("batch-42").value()).isEqualTo("v42");
    assertThat(found).doesNotContainKey("batch-43");
  }

  @Test
  void aBatchDeleteRemovesEveryKeyAndOnlyThose() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    Entry<String> kept = ContractEntries.lasting("kept");
    store.put("k1", ContractEntries.lasting("one"));
    store.put("k2", ContractEntries.lasting("two"));
    store.put("k3", kept);

    store.delete(List.of("k1", "k2", "never-written"));

    assertThat(store.get("k1")).isNull();
    assertThat(store.get("k2")).isNull();
    assertThat(store.getAll(List.of("k1", "k2", "k3"))).containsOnly(Map.entry("k3", kept));
  }

  @Test
  void aDeleteSeenByAnotherInstance() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> a = bound(context);
    TierStore<String, String> b = bound(context);
    a.put("k", ContractEntries.lasting("v"));

    b.delete(List.of("k"));

    assertThat(a.get("k")).isNull();
  }

  @Test
  void garbageBytesReadAsAMiss() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> store = bound(context);
    Entry<String> fine = ContractEntries.lasting("fine");
    store.put("fine", fine);

    writeRaw(store, context, "corrupt", "not an envelope at all".getBytes(StandardCharsets.UTF_8));

    assertThat(store.get("corrupt")).isNull();
    assertThat(store.getAll(List.of("corrupt", "fine")))
        .as("a corrupt entry is a miss in a batch too, the others are still read")
        .containsOnly(Map.entry("fine", fine));
  }

  @Test
  void aTruncatedEnvelopeReadsAsAMiss() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> store = bound(context);
    // the envelope's magic and version, then nothing of what should follow
    writeRaw(store, context, "truncated", new byte[] {(byte) 0xCA, (byte) 0x5D, 1, 0, 0});

    assertThat(store.get("truncated")).isNull();
    assertThat(store.getAll(List.of("truncated"))).isEmpty();
  }

  @Test
  void emptyBytesReadAsAMiss() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> store = bound(context);
    writeRaw(store, context, "empty", new byte[0]);

    assertThat(store.get("empty")).isNull();
  }

  @Test
  void aNewGenerationMakesOlderEntriesUnreachable() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> store = bound(context);
    store.put("k1", ContractEntries.lasting("gen-1"));
    store.put("k2", ContractEntries.lasting("gen-1"));

    context.generation(2);

    assertThat(store.get("k1")).isNull();
    assertThat(store.getAll(List.of("k1", "k2"))).isEmpty();
    Entry<String> fresh = ContractEntries.lasting("gen-2");
    store.put("k1", fresh);
    assertThat(store.get("k1")).isEqualTo(fresh);
  }

  @Test
  void anotherInstanceAtTheNewGenerationDoesNotSeeOlderEntries() {
    ContractContext old = ContractContext.fresh();
    TierStore<String, String> a = bound(old);
    a.put("k", ContractEntries.lasting("gen-1"));
    TierStore<String, String> b = bound(new ContractContext(old.cache(), 2));

    assertThat(b.get("k")).isNull();
  }

  @Test
  void replaceStoresTheNewEntryInPlace() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> a = bound(context);
    TierStore<String, String> b = bound(context);
    a.put("k", ContractEntries.lasting("old"));
    Entry<String> newer = ContractEntries.lasting("new");

    a.replace("k", newer);

    assertThat(a.get("k")).isEqualTo(newer);
    assertThat(b.get("k")).isEqualTo(newer);
  }

  @Test
  void replaceOfAnAbsentKeyStoresIt() {
    TierStore<String, String> store = bound(ContractContext.fresh());
    Entry<String> entry = ContractEntries.lasting("first");

    store.replace("k", entry);

    assertThat(store.get("k")).isEqualTo(entry);
  }

  @Test
  void closeIsIdempotent() {
    ContractContext context = ContractContext.fresh();
    TierStore<String, String> store = newStore(context.cache());
    store.bind(context);

    assertThatCode(() -> {
      store.close();
      store.close();
    }).doesNotThrowAnyException();
  }
}
