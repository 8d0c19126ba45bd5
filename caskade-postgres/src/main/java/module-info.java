/**
 * An invalidation bus for Caskade on PostgreSQL {@code LISTEN/NOTIFY}:
 * {@link io.caskade.postgres.PostgresBusHub} (one listening connection per application) hands out
 * a {@link io.caskade.postgres.PostgresBus} per cache. The channel naming, message splitting and
 * the listening loop are internal and not exported.
 */
module io.caskade.postgres {
  requires transitive io.caskade.core;
  requires transitive java.sql;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports io.caskade.postgres;
}
