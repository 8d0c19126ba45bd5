package io.caskade.write.jdbc;

/** The SQL flavour of a {@link JdbcUpsertWriter}'s statements. */
public enum JdbcDialect {
  /** {@code INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE stored.seq < excluded.seq}. */
  POSTGRESQL,
  /** {@code MERGE INTO ... KEY (key)}, or standard {@code MERGE ... USING} with a sequence. */
  H2;

  /** The dialect of a database product name from JDBC metadata. */
  static JdbcDialect of(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(java.util.Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException("no upsert dialect for database '" + productName
        + "': PostgreSQL and H2 are supported");
  }
}
