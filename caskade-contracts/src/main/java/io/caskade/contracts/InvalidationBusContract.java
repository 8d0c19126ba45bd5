package io.caskade.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.caskade.bus.InvalidationBus;
import io.caskade.contracts.RecordingBusListener.All;
import io.caskade.contracts.RecordingBusListener.BusDown;
import io.caskade.contracts.RecordingBusListener.Event;
import io.caskade.contracts.RecordingBusListener.KeysLost;
import io.caskade.contracts.RecordingBusListener.Namespace;
import io.caskade.contracts.RecordingBusListener.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of an {@link InvalidationBus}: keys, tag and namespace messages reach the other
 * instances of the same cache (and no other cache), never the sender itself; batches of any size
 * arrive whole; {@link InvalidationBus#isUp()} tells whether the bus hears; a lost connection is
 * reported ({@code onBusDown}) and its end too ({@code onAll}), after which delivery resumes and
 * nothing published meanwhile went unnoticed; and, for a bus that numbers its messages, a lost
 * message is reported as lost keys of the affected partitions only.
 *
 * <p>The bus module implements {@link #newBus()} and the hooks that break a bus's connection
 * ({@link #breakConnection}) and restore it ({@link #restoreConnection}; by default nothing, for a
 * bus that reconnects by itself). Each test uses fresh cache names.
 */
public abstract class InvalidationBusContract {

  private final List<InvalidationBus> opened = new ArrayList<>();

  /** A new bus instance (another instance of an application) on the server under test. */
  protected abstract InvalidationBus newBus();

  /**
   * Breaks the connection on which {@code bus} hears others (kills its session on the server,
   * for example), as a network failure or a server restart would.
   */
  protected abstract void breakConnection(InvalidationBus bus);

  /**
   * Lets {@code bus} connect again after {@link #breakConnection}; the default does nothing, for a
   * bus that reconnects by itself once its server is reachable.
   */
  protected void restoreConnection(InvalidationBus bus) {}


  /** How long a message may take to arrive, and a lost connection to be noticed (default 15 s). */
  protected Duration patience() {
    return Duration.ofSeconds(15);
  }

  /**
   * A new bus started on {@code cache} with {@code listener}, closed after the test. A bus must be
   * up when {@code start} returns (its server being reachable): the composed tier announces
   * invalidations as soon as the cache is built.
   */
  protected final InvalidationBus started(String cache, RecordingBusListener listener) {
    InvalidationBus bus = newBus();
    opened.add(bus);
    bus.start(cache, listener);
    // the composed tier publishes as soon as the cache is built: a bus hears once started
    assertThat(bus.isUp()).as("the bus of '%s' right after start (server reachable)", cache)
        .isTrue();
    return bus;
  }

  @AfterEach
  void closeBuses() {
    for (InvalidationBus bus : opened) {
      bus.close();
    }
    opened.clear();
  }

  @Test
  void aStartedBusIsUp() {
    InvalidationBus bus = started(ContractContext.uniqueCacheName(), new RecordingBusListener());

    assertThat(bus.isUp()).isTrue();
  }

  @Test
  void keysReachTheOtherInstance() {
    String cache = ContractContext.uniqueCacheName();
    RecordingBusListener heardByA = new RecordingBusListener();
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus a = started(cache, heardByA);
    started(cache, heardByB);

    a.publishKeys(List.of("user:1", "user:2"));

    await().atMost(patience()).until(() -> heardByB.keys().size() >= 2);
    assertThat(heardByB.keys()).containsExactly("user:1", "user:2");
  }

  @Test
  void aTagReachesTheOtherInstance() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    started(cache, heardByB);

    a.publishTag("tenant:7", 1_700_000_000_000_042L);

    await().atMost(patience()).until(() -> heardByB.count(Tag.class) == 1);
    assertThat(heardByB.tags()).containsEntry("tenant:7", 1_700_000_000_000_042L);
  }

  @Test
  void aNamespaceBumpReachesTheOtherInstance() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    started(cache, heardByB);

    a.publishNamespace(1_700_000_000_000_099L);

    await().atMost(patience()).until(() -> heardByB.count(Namespace.class) == 1);
    assertThat(heardByB.events()).contains(new Namespace(1_700_000_000_000_099L));
  }

  @Test
  void anInstanceDoesNotHearItsOwnMessages() {
    String cache = ContractContext.uniqueCacheName();
    RecordingBusListener heardByA = new RecordingBusListener();
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus a = started(cache, heardByA);
    InvalidationBus b = started(cache, heardByB);

    a.publishKeys(List.of("own"));
    a.publishTag("own-tag", 5);
    a.publishNamespace(9);
    await().atMost(patience()).until(() -> heardByB.count(Namespace.class) == 1);
    b.publishKeys(List.of("from-b")); // sent after A's messages: once A hears it, A heard all
    await().atMost(patience()).until(() -> heardByA.keys().contains("from-b"));

    assertThat(heardByA.events()).as("what A heard").hasSize(1);
    assertThat(heardByA.keys()).containsExactly("from-b");
  }

  @Test
  void anotherCacheHearsNothing() {
    String cache = ContractContext.uniqueCacheName();
    RecordingBusListener other = new RecordingBusListener();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    started(cache, heardByB);
    started(ContractContext.uniqueCacheName(), other);

    a.publishKeys(List.of("k"));
    a.publishNamespace(3);
    await().atMost(patience()).until(() -> heardByB.count(Namespace.class) == 1);

    assertThat(other.events()).isEmpty();
  }

  @Test
  void aLargeBatchArrivesWhole() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    started(cache, heardByB);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      keys.add("order:" + i + ":" + "x".repeat(60) + ":é");
    }

    a.publishKeys(keys);

    await().atMost(patience()).until(() -> heardByB.keys().size() >= keys.size());
    assertThat(heardByB.keys()).containsExactlyInAnyOrderElementsOf(keys);
  }

  @Test
  void messagesOfOneSenderArriveInOrder() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    started(cache, heardByB);
    List<String> sent = new ArrayList<>();

    for (int i = 0; i < 100; i++) {
      sent.add("k" + i);
      a.publishKeys(List.of("k" + i));
    }

    await().atMost(patience()).until(() -> heardByB.keys().size() >= sent.size());
    assertThat(heardByB.keys()).containsExactlyElementsOf(sent);
  }

  @Test
  void nothingInvalidatedWhileTheConnectionWasLostGoesUnnoticed() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus b = started(cache, heardByB);

    breakConnection(b);
    a.publishKeys(List.of("while-lost"));
    restoreConnection(b);

    await().atMost(patience()).untilAsserted(() -> {
      List<Event> events = heardByB.events();
      assertThat(b.isUp()).as("B up again; B heard %s", events).isTrue();
      assertThat(heardByB.covered("while-lost"))
          .as("the key invalidated while B was deaf covered (by the key itself, a clear, or a "
              + "loss report); B heard %s", events).isTrue();
      assertThat(downsAnswered(events)).as("every onBusDown followed by an onAll; B heard %s",
          events).isTrue();
    });
    heardByB.clear();
    a.publishKeys(List.of("after"));
    await("delivery after the connection came back").atMost(patience())
        .until(() -> heardByB.keys().contains("after"));
  }

  @Test
  void theSenderCanPublishWhileTheOtherIsDown() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus b = started(cache, heardByB);

    breakConnection(b);

    assertThatCode(() -> a.publishKeys(List.of("k"))).doesNotThrowAnyException();
    restoreConnection(b);
    await().atMost(patience()).until(b::isUp);
  }

  @Test
  void closeIsIdempotentAndStopsDelivery() {
    String cache = ContractContext.uniqueCacheName();
    InvalidationBus a = started(cache, new RecordingBusListener());
    RecordingBusListener heardByB = new RecordingBusListener();
    InvalidationBus b = started(cache, heardByB);
    RecordingBusListener heardByC = new RecordingBusListener();
    started(cache, heardByC);

    b.close();
    b.close();
    a.publishKeys(List.of("after-close"));
    await().atMost(patience()).until(() -> heardByC.keys().contains("after-close"));

    assertThat(heardByB.keys()).doesNotContain("after-close");
    assertThat(b.isUp()).isFalse();
  }

  /** Whether every onBusDown was followed by an onAll. */
  static boolean downsAnswered(List<Event> events) {
    boolean open = false;
    for (Event e : events) {
      if (e instanceof BusDown) {
        open = true;
      } else if (e instanceof All) {
        open = false;
      }
    }
    return !open;
  }
}
