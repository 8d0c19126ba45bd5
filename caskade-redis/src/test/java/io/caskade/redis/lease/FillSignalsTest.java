package io.caskade.redis.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.redis.bus.PubSubHub;
import io.caskade.testkit.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease scripts' notices on a real Redis: a fill or a release of a key wakes the waiters of
 * that key on another connection, and only of that key. The waits are long (30 s): a test that
 * returns "woken" was woken by the notice, not by its bound.
 */
class FillSignalsTest {

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

  private final String cache = "signals-" + UUID.randomUUID().toString().substring(0, 8);
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> commands;
  private PubSubHub hub;
  private FillSignals signals;
  private LeaseScripts scripts;

  @BeforeEach
  void connect() {
    client = RedisClient.create(RedisServers.shared());
    commands = client.connect(CODEC);
    hub = new PubSubHub(client, () -> client.connectPubSub(CODEC));
    signals = new FillSignals(cache, hub);
    signals.subscribe();
    scripts = new LeaseScripts(commands::sync, FillSignals.channel(cache));
  }

  @AfterEach
  void close() {
    signals.close();
    hub.close();
    commands.close();
    client.shutdown();
  }

  @Test
  void aFillWakesTheWaitersOfItsKey() throws Exception {
    String lease = cache + ":k:l";
    assertThat(scripts.acquire(lease, "t1", 30_000)).isTrue();
    CompletableFuture<Boolean> first = waitFor(lease);
    CompletableFuture<Boolean> second = waitFor(lease);
    Awaitility.await().until(() -> signals.waitingKeys() == 1);

    assertThat(scripts.fill(cache + ":k:v", lease, "t1", new byte[] {1}, 30_000)).isTrue();

    assertThat(first.get(20, TimeUnit.SECONDS)).as("woken by the notice").isTrue();
    assertThat(second.get(20, TimeUnit.SECONDS)).as("woken by the notice").isTrue();
    assertThat(signals.waitingKeys()).isZero();
  }

  @Test
  void aReleaseWakesTheWaitersOfItsKey() throws Exception {
    String lease = cache + ":k:l";
    assertThat(scripts.acquire(lease, "t1", 30_000)).isTrue();
    CompletableFuture<Boolean> waiter = waitFor(lease);
    Awaitility.await().until(() -> signals.waitingKeys() == 1);

    assertThat(scripts.release(lease, "t1")).isTrue();

    assertThat(waiter.get(20, TimeUnit.SECONDS)).as("woken by the notice").isTrue();
  }

  @Test
  void aFillOfAnotherKeyWakesNobodyAndARefusedFillPublishesNothing() throws Exception {
    String lease = cache + ":k:l";
    String other = cache + ":other:l";
    assertThat(scripts.acquire(lease, "t1", 30_000)).isTrue();
    assertThat(scripts.acquire(other, "t2", 30_000)).isTrue();

    assertThat(scripts.fill(cache + ":other:v", other, "t2", new byte[] {1}, 30_000)).isTrue();
    assertThat(scripts.fill(cache + ":k:v", lease, "not-the-holder", new byte[] {1}, 30_000))
        .isFalse();

    assertThat(signals.await(lease, TimeUnit.MILLISECONDS.toNanos(300))).isFalse();
  }

  @Test
  void aNoticeThatCameJustBeforeTheWaitAnswersItOnce() throws Exception {
    FillSignals remembering = new FillSignals(cache + "-r", hub, LONG_WAIT); // remembers 30 s
    remembering.subscribe();
    LeaseScripts rScripts = new LeaseScripts(commands::sync, FillSignals.channel(cache + "-r"));
    String lease = cache + "-r:k:l";
    try {
      assertThat(rScripts.acquire(lease, "t1", 30_000)).isTrue();
      // the holder fills between the waiter's look at Redis and its wait
      assertThat(rScripts.fill(cache + "-r:k:v", lease, "t1", new byte[] {1}, 30_000)).isTrue();
      Awaitility.await().until(() -> remembering.recentNotices() == 1);

      assertThat(remembering.await(lease, LONG_WAIT)).as("answered by the notice").isTrue();
      assertThat(remembering.await(lease, TimeUnit.MILLISECONDS.toNanos(200)))
          .as("a notice answers one wait").isFalse();
    } finally {
      remembering.close();
    }
  }

  private CompletableFuture<Boolean> waitFor(String lease) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return signals.await(lease, LONG_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }
}
