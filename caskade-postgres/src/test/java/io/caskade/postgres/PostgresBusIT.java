package io.caskade.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.caskade.contracts.ContractContext;
import io.caskade.contracts.RecordingBusListener;
import io.caskade.contracts.RecordingBusListener.All;
import io.caskade.contracts.RecordingBusListener.BusDown;
import io.caskade.testkit.PostgresServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL bus does beyond the bus contract: sharing, naming, limits, outages. */
class PostgresBusIT {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  private TestPostgres pg;

  @BeforeEach
  void connect() {
    pg = new TestPostgres();
  }

  @AfterEach
  void close() {
    pg.close();
  }

  @Test
  void fiftyCachesShareTwoConnections() {
    PostgresBusHub hub = PostgresBusHub.builder().url(pg.url()).user(PostgresServers.user())
        .password(PostgresServers.password()).applicationName("caskade-fifty").build();
    try {
      List<PostgresBus> buses = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        PostgresBus bus = hub.bus();
        bus.start(ContractContext.uniqueCacheName(), new RecordingBusListener());
        bus.publishKeys(List.of("k")); // opens the publishing connection
        buses.add(bus);
      }

      assertThat(buses).allMatch(PostgresBus::isUp);
      assertThat(pg.sessions("caskade-fifty-")).as("sessions of a hub with 50 buses")
          .isEqualTo(2);
    } finally {
      hub.close();
    }
  }

  @Test
  void twoCachesOnOneHubHearOnlyTheirOwnChannel() {
    PostgresBusHub here = pg.hub();
    PostgresBusHub there = pg.hub();
    String users = ContractContext.uniqueCacheName();
    String orders = ContractContext.uniqueCacheName();
    RecordingBusListener usersHeard = new RecordingBusListener();
    RecordingBusListener ordersHeard = new RecordingBusListener();
    here.bus().start(users, usersHeard);
    here.bus().start(orders, ordersHeard);
    PostgresBus usersThere = there.bus();
    usersThere.start(users, new RecordingBusListener());
    PostgresBus ordersThere = there.bus();
    ordersThere.start(orders, new RecordingBusListener());

    usersThere.publishKeys(List.of("u1"));
    ordersThere.publishKeys(List.of("o1"));

    await().atMost(PATIENCE).until(() -> usersHeard.keys().contains("u1")
        && ordersHeard.keys().contains("o1"));
    assertThat(usersHeard.keys()).containsExactly("u1");
    assertThat(ordersHeard.keys()).containsExactly("o1");
  }

  @Test
  void twoInstancesOfACacheOnOneHubHearEachOtherButNotThemselves() {
    PostgresBusHub hub = pg.hub();
    String cache = ContractContext.uniqueCacheName();
    RecordingBusListener heardByA = new RecordingBusListener();
    RecordingBusListener heardByB = new RecordingBusListener();
    PostgresBus a = hub.bus();
    a.start(cache, heardByA);
    PostgresBus b = hub.bus();
    b.start(cache, heardByB);

    a.publishKeys(List.of("from-a"));
    b.publishKeys(List.of("from-b"));

    await().atMost(PATIENCE).until(() -> heardByA.keys().contains("from-b")
        && heardByB.keys().contains("from-a"));
    assertThat(heardByA.keys()).containsExactly("from-b");
    assertThat(heardByB.keys()).containsExactly("from-a");
  }

  @Test
  void aCacheNameThatIsNoIdentifierWorks() {
    PostgresBusHub hub = pg.hub();
    String cache = "Users/v2:EU ☃ " + "x".repeat(80) + ContractContext.uniqueCacheName();
    RecordingBusListener heard = new RecordingBusListener();
    PostgresBus sender = hub.bus();
    sender.start(cache, new RecordingBusListener());
    pg.hub().bus().start(cache, heard);

    sender.publishTag("t", 3);

    await().atMost(PATIENCE).until(() -> heard.tags().containsKey("t"));
  }

  @Test
  void aKeyTooLongForANotificationClearsTheOthers() {
    String cache = ContractContext.uniqueCacheName();
    PostgresBus sender = pg.hub().bus();
    sender.start(cache, new RecordingBusListener());
    RecordingBusListener heard = new RecordingBusListener();
    pg.hub().bus().start(cache, heard);

    sender.publishKeys(List.of("z".repeat(20_000)));

    await().atMost(PATIENCE).until(() -> heard.count(All.class) == 1);
  }

  @Test
  void publishingThroughADataSource() {
    DriverDataSource ds = new DriverDataSource(pg.url(), PostgresServers.user(),
        PostgresServers.password());
    PostgresBusHub hub = PostgresBusHub.builder().url(pg.url()).user(PostgresServers.user())
        .password(PostgresServers.password()).publishThrough(ds).build();
    try {
      String cache = ContractContext.uniqueCacheName();
      PostgresBus sender = hub.bus();
      sender.start(cache, new RecordingBusListener());
      RecordingBusListener heard = new RecordingBusListener();
      pg.hub().bus().start(cache, heard);
      List<String> many = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        many.add("key-" + i + "-" + "p".repeat(30));
      }

      sender.publishKeys(many);

      await().atMost(PATIENCE).until(() -> heard.keys().size() == many.size());
      assertThat(ds.opened()).as("connections taken from the data source").isPositive();
    } finally {
      hub.close();
    }
  }

  @Test
  void aBusStartedWhileTheServerIsUnreachableReportsItselfDown() {
    String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/test";
    PostgresBusHub hub = PostgresBusHub.builder().url(url).user("postgres")
        .timeout(Duration.ofSeconds(1))
        .reconnectInterval(Duration.ofMillis(100), Duration.ofMillis(500)).build();
    try {
      RecordingBusListener heard = new RecordingBusListener();
      PostgresBus bus = hub.bus();

      assertThatCode(() -> bus.start("unreachable", heard)).doesNotThrowAnyException();

      await().atMost(PATIENCE).until(() -> heard.count(BusDown.class) == 1);
      assertThat(bus.isUp()).isFalse();
      assertThatCode(() -> bus.publishKeys(List.of("k")))
          .isInstanceOf(io.caskade.tier.TierException.class);
    } finally {
      hub.close();
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void repeatedOutagesAreEachReportedOnce() {
    String cache = ContractContext.uniqueCacheName();
    PostgresBusHub hub = pg.hub();
    RecordingBusListener heard = new RecordingBusListener();
    PostgresBus bus = hub.bus();
    bus.start(cache, heard);
    PostgresBus sender = pg.hub().bus();
    sender.start(cache, new RecordingBusListener());

    for (int i = 1; i <= 3; i++) {
      int round = i;
      assertThat(pg.terminateListener(hub)).isEqualTo(1);
      await().atMost(PATIENCE).until(() -> heard.count(All.class) == round && bus.isUp());
    }

    assertThat(heard.count(BusDown.class)).isEqualTo(3);
    assertThat(bus.outages()).isEqualTo(3);
    sender.publishKeys(List.of("after"));
    await().atMost(PATIENCE).until(() -> heard.keys().contains("after"));
  }
}
