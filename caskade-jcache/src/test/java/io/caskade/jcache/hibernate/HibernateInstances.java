package io.caskade.jcache.hibernate;

import io.caskade.jcache.CaskadeCacheManager;
import io.caskade.jcache.CaskadeCachingProvider;
import io.caskade.testkit.PostgresServers;
import io.caskade.testkit.RedisServers;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Hibernate {@link SessionFactory}s standing for application instances: each has its own JCache
 * cache manager (its own URI) on the Caskade provider, all sharing one Redis as L2, and one
 * database (PostgreSQL: {@code PG_URL}, else 127.0.0.1:5432/test, else H2 in memory).
 */
final class HibernateInstances {

  /**
   * The configuration file as a {@code file:} URI: Hibernate turns {@code classpath:} URIs into
   * the resource's URL, which would give both instances one cache manager; the query tells the
   * instances' managers apart.
   */
  static String configUri(String instance) {
    try {
      return HibernateInstances.class.getResource("/caskade-hibernate-test.json").toURI()
          + "?instance=" + instance;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private HibernateInstances() {}

  /** Points every cache at the shared Redis, under names unique to this run. */
  static void useSharedRedis() {
    System.setProperty(CaskadeCacheManager.REDIS_PROPERTY, RedisServers.shared());
    System.setProperty(CaskadeCacheManager.REDIS_PREFIX_PROPERTY,
        "hibernate-" + UUID.randomUUID() + "-");
  }

  /** Undoes {@link #useSharedRedis()} (the TCK may run next in this JVM, L1 only). */
  static void forgetSharedRedis() {
    System.clearProperty(CaskadeCacheManager.REDIS_PROPERTY);
    System.clearProperty(CaskadeCacheManager.REDIS_PREFIX_PROPERTY);
  }

  /** A session factory for instance {@code name}; the first one (re)creates the tables. */
  static SessionFactory instance(String name, boolean createSchema) {
    Configuration c = new Configuration().addAnnotatedClass(Book.class).addAnnotatedClass(Note.class)
        .addAnnotatedClass(Shelf.class).addAnnotatedClass(Volume.class);
    String pg = PostgresServers.jdbcUrl();
    if (pg != null) {
      c.setProperty("hibernate.connection.url", pg);
      c.setProperty("hibernate.connection.username", PostgresServers.user());
      c.setProperty("hibernate.connection.password", PostgresServers.password());
    } else {
      c.setProperty("hibernate.connection.url", "jdbc:h2:mem:caskade-jcache;DB_CLOSE_DELAY=-1");
    }
    c.setProperty("hibernate.connection.pool_size", "20");
    c.setProperty("hibernate.hbm2ddl.auto", createSchema ? "create" : "none");
    c.setProperty("hibernate.cache.use_second_level_cache", "true");
    c.setProperty("hibernate.cache.use_query_cache", "true");
    c.setProperty("hibernate.cache.region.factory_class", "jcache");
    c.setProperty("hibernate.javax.cache.provider", CaskadeCachingProvider.class.getName());
    c.setProperty("hibernate.javax.cache.uri", configUri(name));
    c.setProperty("hibernate.javax.cache.missing_cache_strategy", "create");
    c.setProperty("hibernate.generate_statistics", "true");
    return c.buildSessionFactory();
  }

  static boolean onPostgres() {
    return PostgresServers.jdbcUrl() != null;
  }
}
