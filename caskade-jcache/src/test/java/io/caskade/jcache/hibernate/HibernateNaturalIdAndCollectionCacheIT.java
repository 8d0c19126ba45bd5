package io.caskade.jcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Natural-id and collection caches through hibernate-jcache, two instances sharing Redis. */
class HibernateNaturalIdAndCollectionCacheIT {

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

  @Test
  void naturalIdLookupsAreServedFromTheCacheOnBothInstances() {
    long id = IDS.incrementAndGet();
    String code = "shelf-" + id;
    a.inTransaction(s -> s.persist(new Shelf(id, code)));
    assertThat(idByCode(a, code)).isEqualTo(id);
    Statistics statsA = a.getStatistics();
    Statistics statsB = b.getStatistics();
    statsA.clear();
    statsB.clear();

    assertThat(idByCode(a, code)).isEqualTo(id);
    assertThat(idByCode(b, code)).isEqualTo(id);

    assertThat(statsA.getPrepareStatementCount()).isZero();
    assertThat(statsB.getPrepareStatementCount()).isZero();
    assertThat(statsA.getNaturalIdCacheHitCount()).isEqualTo(1);
    assertThat(statsB.getNaturalIdCacheHitCount()).isEqualTo(1);
  }

  @Test
  void aCachedCollectionIsInvalidatedByAnAdditionOnTheOtherInstance() {
    long id = IDS.incrementAndGet();
    a.inTransaction(s -> {
      Shelf shelf = new Shelf(id, "c-" + id);
      s.persist(shelf);
      s.persist(new Volume(id * 10 + 1, "one", shelf));
      s.persist(new Volume(id * 10 + 2, "two", shelf));
    });
    assertThat(volumes(a, id)).isEqualTo(2);
    Statistics stats = a.getStatistics();
    stats.clear();
    assertThat(volumes(a, id)).isEqualTo(2);
    assertThat(stats.getPrepareStatementCount()).isZero();
    assertThat(stats.getCollectionStatistics(Shelf.class.getName() + ".volumes").getCacheHitCount())
        .isEqualTo(1);

    b.inTransaction(s -> {
      Shelf shelf = s.find(Shelf.class, id);
      Volume three = new Volume(id * 10 + 3, "three", shelf);
      s.persist(three);
      shelf.getVolumes().add(three);
    });

    assertThat(volumes(a, id)).isEqualTo(3);
    assertThat(volumes(b, id)).isEqualTo(3);
  }

  private static Long idByCode(SessionFactory sf, String code) {
    return sf.fromTransaction(s -> {
      Shelf shelf = s.bySimpleNaturalId(Shelf.class).load(code);
      return shelf.getId();
    });
  }

  private static int volumes(SessionFactory sf, long id) {
    return sf.fromTransaction(s -> {
      Shelf shelf = s.find(Shelf.class, id);
      return shelf.getVolumes().size();
    });
  }
}
