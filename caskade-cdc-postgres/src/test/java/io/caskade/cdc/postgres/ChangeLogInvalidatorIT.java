package io.caskade.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.caskade.Cache;
import io.caskade.Caskade;
import io.caskade.codec.KeyCodec;
import io.caskade.redis.RedisConfig;
import io.caskade.redis.RedisTier;
import io.caskade.codec.StringCodec;
import io.caskade.testkit.PostgresProcess;
import io.caskade.testkit.RedisServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a PostgreSQL of our own with logical WAL and a shared Redis: rows changed with plain
 * SQL, bypassing the caches, are invalidated on two instances (own L1 each, one Redis L2).
 */
class ChangeLogInvalidatorIT {

  /** Commit to every instance invalidated: the bound these tests hold the invalidator to. */
  private static final Duration BOUND = Duration.ofSeconds(5);

  private static PostgresProcess pg;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private String suffix;
  private String table;
  private String orgs;

  @BeforeAll
  static void startPostgres() {
    Assumptions.assumeTrue(PostgresProcess.available() || RedisServers.inCi(),
        "PostgreSQL binaries not installed (CI installs the postgresql package)");
    pg = PostgresProcess.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void createTables() throws SQLException {
    suffix = UUID.randomUUID().toString().substring(0, 8);
    table = "public.users_" + suffix;
    orgs = "public.orgs_" + suffix;
    sql("CREATE TABLE " + orgs + " (id bigint PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE " + table + " (id bigint PRIMARY KEY, email text UNIQUE NOT NULL,"
            + " name text NOT NULL, org bigint NOT NULL)",
        "ALTER TABLE " + table + " REPLICA IDENTITY FULL",
        "INSERT INTO " + orgs + " VALUES (1, 'acme'), (2, 'globex')",
        "INSERT INTO " + table + " VALUES (1, 'ann@x', 'ann', 1), (2, 'bob@x', 'bob', 1),"
            + " (3, 'cid@x', 'cid', 2)");
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void anUpdateInPlainSqlIsInvalidatedOnTwoInstancesSharingOneRedis() throws Exception {
    String cacheName = "cdc-users-" + suffix;
    Cache<String, String> a = byId(cacheName);
    Cache<String, String> b = byId(cacheName);
    start(invalidator("s1_" + suffix).map(idMapping(a)));
    assertThat(a.get("1")).isEqualTo("ann|1");
    assertThat(b.get("1")).isEqualTo("ann|1");

    sql("UPDATE " + table + " SET name = 'anne' WHERE id = 1");

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(a.getIfPresent("1")).isNotEqualTo("ann|1");
      assertThat(b.getIfPresent("1")).isNotEqualTo("ann|1");
    });
    assertThat(a.get("1")).isEqualTo("anne|1");
    assertThat(b.get("1")).isEqualTo("anne|1");
  }

  @Test
  void theSecondPassRemovesAnOldCopyPutBackJustAfterTheFirstInvalidation() throws Exception {
    String cacheName = "cdc-second-" + suffix;
    Cache<String, String> a = byId(cacheName);
    Cache<String, String> b = byId(cacheName);
    ChangeLogInvalidator cdc = start(invalidator("s7_" + suffix).map(idMapping(a))
        .reinvalidateAfter(Duration.ofSeconds(2)));
    assertThat(b.get("1")).isEqualTo("ann|1");

    sql("UPDATE " + table + " SET name = 'anya' WHERE id = 1");
    await().atMost(BOUND).until(() -> cdc.stats().invalidations() >= 1);
    b.put("1", "ann|1");  // a fill that read the old row before the commit lands after it
    assertThat(b.getIfPresent("1")).isEqualTo("ann|1");

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(a.getIfPresent("1")).isNotEqualTo("ann|1");
      assertThat(b.getIfPresent("1")).isNotEqualTo("ann|1");
    });
    assertThat(b.get("1")).isEqualTo("anya|1");
  }

  @Test
  void aRestartedConsumerInvalidatesWhatWasCommittedWhileItWasDown() throws Exception {
    String cacheName = "cdc-restart-" + suffix;
    Cache<String, String> a = byId(cacheName);
    Cache<String, String> b = byId(cacheName);
    String slot = "s2_" + suffix;
    ChangeLogInvalidator first = invalidator(slot).map(idMapping(a)).build().start();
    sql("UPDATE " + table + " SET name = 'bobby' WHERE id = 2");
    await().atMost(BOUND).until(() -> first.stats().transactions() >= 1);
    first.close();
    a.get("1");
    b.get("1");

    sql("UPDATE " + table + " SET name = 'anna' WHERE id = 1");  // nobody consumes now
    assertThat(a.getIfPresent("1")).isEqualTo("ann|1");
    assertThat(b.getIfPresent("1")).isEqualTo("ann|1");

    ChangeLogInvalidator second = start(invalidator(slot).map(idMapping(b)));
    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(a.get("1")).isEqualTo("anna|1");
      assertThat(b.get("1")).isEqualTo("anna|1");
    });
    assertThat(second.stats().changes()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aKeyChangingUpdateInvalidatesTheOldAndTheNewKeyAndADeleteItsKey() throws Exception {
    String cacheName = "cdc-email-" + suffix;
    Cache<String, String> a = byEmail(cacheName);
    Cache<String, String> b = byEmail(cacheName);
    start(invalidator("s3_" + suffix).map(TableMapping.table(table, a)
        .key(row -> row.get("email")).build()));
    assertThat(a.get("ann@x")).isEqualTo("ann");
    assertThat(b.get("new@x")).isNull();  // cached as not found

    sql("UPDATE " + table + " SET email = 'new@x' WHERE id = 1");

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(a.get("ann@x")).isNull();
      assertThat(b.get("new@x")).isEqualTo("ann");
    });

    assertThat(b.get("bob@x")).isEqualTo("bob");
    sql("DELETE FROM " + table + " WHERE id = 2");
    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(a.get("bob@x")).isNull();
      assertThat(b.get("bob@x")).isNull();
    });
  }

  @Test
  void aChangedRowOfAnotherTableInvalidatesItsTagOnEveryInstance() throws Exception {
    String cacheName = "cdc-tags-" + suffix;
    Cache<String, String> a = withOrgName(cacheName);
    Cache<String, String> b = withOrgName(cacheName);
    start(invalidator("s4_" + suffix)
        .map(TableMapping.table(orgs, a).tags(row -> Set.of("org:" + row.get("id"))).build()));
    assertThat(a.get("1")).isEqualTo("ann@acme|1");
    assertThat(b.get("2")).isEqualTo("bob@acme|1");
    assertThat(b.get("3")).isEqualTo("cid@globex|2");

    sql("UPDATE " + orgs + " SET name = 'acme-corp' WHERE id = 1");

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(b.get("1")).isEqualTo("ann@acme-corp|1");
      assertThat(a.get("2")).isEqualTo("bob@acme-corp|1");
    });
    assertThat(b.getIfPresent("3")).isEqualTo("cid@globex|2");  // another tag: still cached
  }

  @Test
  void aStoppedConsumersSlotRaisesTheLagWarningAndARunningOneClearsIt() throws Exception {
    Cache<String, String> a = byId("cdc-lag-" + suffix);
    String slot = "s5_" + suffix;
    ChangeLogInvalidator.Builder config = invalidator(slot).map(idMapping(a))
        .slotLagWarnBytes(1024 * 1024);
    config.build().start().close();  // the slot exists, nobody consumes
    SlotMonitor monitor = SlotMonitor.of(pg.jdbcUrl(), pg.user(), "", slot, 1024 * 1024);

    sql("CREATE TABLE public.filler_" + suffix + " AS SELECT g AS id, repeat('x', 200) AS pad"
        + " FROM generate_series(1, 20000) AS g");

    SlotStatus stopped = monitor.check();
    assertThat(stopped.active()).isFalse();
    assertThat(stopped.lagBytes()).isGreaterThanOrEqualTo(1024 * 1024);
    assertThat(stopped.warning()).isTrue();

    ChangeLogInvalidator running = start(config);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      SlotStatus s = monitor.check();
      assertThat(s.warning()).isFalse();
      assertThat(s.active()).isTrue();
    });
    assertThat(running.stats().confirmedLsn()).isNotEqualTo("0/0");
  }

  @Test
  void aTruncateInvalidatesTheWholeCache() throws Exception {
    String cacheName = "cdc-truncate-" + suffix;
    Cache<String, String> a = byId(cacheName);
    Cache<String, String> b = byId(cacheName);
    start(invalidator("s6_" + suffix).map(idMapping(a)));
    assertThat(a.get("1")).isEqualTo("ann|1");
    assertThat(b.get("3")).isEqualTo("cid|2");

    sql("TRUNCATE " + table);

    await().atMost(BOUND).untilAsserted(() -> {
      assertThat(a.get("1")).isNull();
      assertThat(b.get("3")).isNull();
    });
  }

  // --- fixtures

  private ChangeLogInvalidator.Builder invalidator(String slot) {
    return ChangeLogInvalidator.builder(pg.jdbcUrl()).user(pg.user())
        .slot(slot).publication("p_" + slot)
        .monitorInterval(Duration.ofMillis(200))
        .reconnectDelay(Duration.ofMillis(200));
  }

  private ChangeLogInvalidator start(ChangeLogInvalidator.Builder builder) {
    ChangeLogInvalidator cdc = builder.build().start();
    closing.add(() -> {
      cdc.close();
      cdc.dropSlot();
    });
    return cdc;
  }

  private TableMapping<String> idMapping(Cache<String, String> cache) {
    return TableMapping.table(table, cache).key(row -> row.get("id")).build();
  }

  /** Users by id: "name|org". */
  private Cache<String, String> byId(String name) {
    return cache(name, id -> one("SELECT name || '|' || org FROM " + table + " WHERE id = ?",
        Long.parseLong(id)), null);
  }

  /** Users by e-mail: the name. */
  private Cache<String, String> byEmail(String name) {
    return cache(name, email -> one("SELECT name FROM " + table + " WHERE email = ?", email),
        null);
  }

  /** Users by id with their organisation's name, tagged "org:<id>": "name@org|orgId". */
  private Cache<String, String> withOrgName(String name) {
    return cache(name, id -> one("SELECT u.name || '@' || o.name || '|' || o.id FROM " + table
            + " u JOIN " + orgs + " o ON o.id = u.org WHERE u.id = ?", Long.parseLong(id)),
        (k, v) -> Set.of("org:" + v.substring(v.lastIndexOf('|') + 1)));
  }

  private Cache<String, String> cache(String name, io.caskade.CacheLoader<String, String> loader,
      io.caskade.invalidation.Tagger<String, String> tagger) {
    var builder = Caskade.<String, String>builder(name)
        .loader(loader)
        .ttl(Duration.ofMinutes(10))
        .l2(RedisTier.builder(RedisConfig.standalone(RedisServers.shared()), name,
            KeyCodec.strings(), StringCodec.utf8()).build());
    if (tagger != null) {
      builder.tags(tagger);
    }
    Cache<String, String> cache = builder.build();
    closing.add(cache::close);
    return cache;
  }

  private String one(String query, Object param) throws SQLException {
    try (Connection c = pg.connect(); PreparedStatement p = c.prepareStatement(query)) {
      p.setObject(1, param);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = pg.connect(); Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }
}
