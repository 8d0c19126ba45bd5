package io.caskade.jcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate 7's second-level cache through hibernate-jcache on the Caskade provider, two
 * session factories (two "instances") sharing one Redis and one database.
 */
class HibernateSecondLevelCacheIT {

  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000 * 1_000);
  private static SessionFactory a;
  private static SessionFactory b;

  @BeforeAll
  static void start() {
    HibernateInstances.useSharedRedis();
    a = HibernateInstances.instance("a", true);
    b = HibernateInstances.instance("b", false);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    HibernateInstances.forgetSharedRedis();
  }

  @BeforeEach
  void clearStatistics() {
    a.getStatistics().clear();
    b.getStatistics().clear();
  }

  @Test
  void secondFindIsServedFromTheSecondLevelCache() {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> s.persist(new Book(id, "Dune")));
    a.getCache().evictAll();
    Statistics stats = a.getStatistics();
    stats.clear();

    assertThat(bookTitle(a, id)).isEqualTo("Dune");
    long statementsAfterFirst = stats.getPrepareStatementCount();
    assertThat(bookTitle(a, id)).isEqualTo("Dune");

    assertThat(statementsAfterFirst).isEqualTo(1);
    assertThat(stats.getPrepareStatementCount()).isEqualTo(1);
    assertThat(stats.getSecondLevelCacheMissCount()).isEqualTo(1);
    assertThat(stats.getSecondLevelCachePutCount()).isEqualTo(1);
    assertThat(stats.getSecondLevelCacheHitCount()).isEqualTo(1);
  }

  @Test
  void anotherInstanceReadsItFromRedisWithoutTheDatabase() {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> s.persist(new Book(id, "Emma")));
    bookTitle(a, id);
    b.getStatistics().clear();

    assertThat(bookTitle(b, id)).isEqualTo("Emma");

    assertThat(b.getStatistics().getPrepareStatementCount()).isZero();
    assertThat(b.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
  }

  @Test
  void readWriteUpdateOnOneInstanceIsNeverReadStaleOnTheOther() {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> s.persist(new Book(id, "v0")));
    for (int i = 1; i <= 20; i++) {
      String title = "v" + i;
      assertThat(bookTitle(b, id)).isEqualTo("v" + (i - 1));
      SessionFactory writer = i % 2 == 0 ? a : b;
      writer.inTransaction(s -> s.find(Book.class, id).setTitle(title));
      assertThat(bookTitle(b, id)).isEqualTo(title);
      assertThat(bookTitle(a, id)).isEqualTo(title);
    }
    assertThat(a.getStatistics().getSecondLevelCacheHitCount()
        + b.getStatistics().getSecondLevelCacheHitCount()).isPositive();
  }

  @Test
  void nonstrictReadWriteUpdateOnOneInstanceIsNeverReadStaleOnTheOther() {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> s.persist(new Note(id, "v0")));
    for (int i = 1; i <= 20; i++) {
      String title = "v" + i;
      assertThat(noteTitle(b, id)).isEqualTo("v" + (i - 1));
      SessionFactory writer = i % 2 == 0 ? a : b;
      writer.inTransaction(s -> s.find(Note.class, id).setTitle(title));
      assertThat(noteTitle(b, id)).isEqualTo(title);
      assertThat(noteTitle(a, id)).isEqualTo(title);
    }
  }

  @Test
  void queryCacheIsInvalidatedByAWriteToItsTableOnAnotherInstance() {
    long id = IDS.incrementAndGet();
    String tag = "q" + id;
    a.inTransaction(s -> s.persist(new Book(id, tag + "-1")));

    assertThat(titles(a, tag)).containsExactly(tag + "-1");
    Statistics stats = a.getStatistics();
    stats.clear();
    assertThat(titles(a, tag)).containsExactly(tag + "-1");
    assertThat(stats.getQueryCacheHitCount()).isEqualTo(1);
    assertThat(stats.getPrepareStatementCount()).isZero();

    b.inTransaction(s -> s.persist(new Book(id + 500_000_000L, tag + "-2")));

    assertThat(titles(a, tag)).containsExactlyInAnyOrder(tag + "-1", tag + "-2");
    assertThat(stats.getQueryCacheHitCount()).isEqualTo(1);
    assertThat(stats.getPrepareStatementCount()).isEqualTo(1);
  }

  private static String bookTitle(SessionFactory sf, long id) {
    return sf.fromTransaction(s -> {
      Book book = s.find(Book.class, id);
      return book.getTitle();
    });
  }

  private static String noteTitle(SessionFactory sf, long id) {
    return sf.fromTransaction(s -> {
      Note note = s.find(Note.class, id);
      return note.getTitle();
    });
  }

  private static List<String> titles(SessionFactory sf, String tag) {
    return sf.fromTransaction(s -> s.createSelectionQuery(
            "select b.title from Book b where b.title like :t order by b.title", String.class)
        .setParameter("t", tag + "-%")
        .setCacheable(true)
        .getResultList());
  }

  /**
   * A herd of sessions on both instances loading one uncached entity: the first miss (fleet-wide,
   * through the Redis lease) queries the database and puts; the others wait for that put
   * ({@code herdWait} in the configuration file) and read it.
   */
  @Test
  void herdOfNonstrictReadWriteLoadsMakesOneQuery() throws Exception {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> s.persist(new Note(id, "herd")));
    a.getCache().evictEntityData(Note.class, id);

    long queries = herd("NONSTRICT_READ_WRITE", 16, sf -> noteTitle(sf, id));

    assertThat(queries).isEqualTo(1);
  }

  /**
   * The same herd on a READ_WRITE entity. Hibernate serves a READ_WRITE item only to a session
   * that started after the item was put ({@code Item.isReadable(txTimestamp)}), so sessions that
   * began in the same millisecond as the loader still query: the count is recorded, not forced.
   */
  @Test
  void herdOfReadWriteLoadsIsCollapsedForLaterSessions() throws Exception {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> s.persist(new Book(id, "herd")));
    a.getCache().evictEntityData(Book.class, id);

    long queries = herd("READ_WRITE", 16, sf -> bookTitle(sf, id));

    assertThat(queries).isBetween(1L, 16L);
  }

  private static long herd(String strategy, int sessions, java.util.function.Function<SessionFactory, String> load)
      throws Exception {
    a.getStatistics().clear();
    b.getStatistics().clear();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(sessions);
    try {
      List<Future<String>> titles = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        SessionFactory sf = i % 2 == 0 ? a : b;
        titles.add(pool.submit(() -> {
          go.await();
          return load.apply(sf);
        }));
      }
      go.countDown();
      for (Future<String> t : titles) {
        assertThat(t.get()).isEqualTo("herd");
      }
    } finally {
      pool.shutdownNow();
    }
    long queries = a.getStatistics().getPrepareStatementCount()
        + b.getStatistics().getPrepareStatementCount();
    System.out.printf("herd %s: %d sessions on 2 instances, %d database queries, %d L2 hits%n",
        strategy, sessions, queries, a.getStatistics().getSecondLevelCacheHitCount()
            + b.getStatistics().getSecondLevelCacheHitCount());
    return queries;
  }
}
