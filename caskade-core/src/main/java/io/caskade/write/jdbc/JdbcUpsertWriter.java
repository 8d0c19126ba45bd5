package io.caskade.write.jdbc;

import io.caskade.time.CacheClock;
import io.caskade.write.CacheWriter;
import io.caskade.write.PendingWrite;
import io.caskade.write.SequencedWriter;
import io.caskade.write.WriteSequence;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An idempotent {@link CacheWriter} for one table: every write is an upsert keyed by the cache
 * key — {@code INSERT ... ON CONFLICT (key) DO UPDATE} on PostgreSQL, {@code MERGE INTO ... KEY}
 * on H2 — so applying a write twice leaves the same row as applying it once. Batches run in one
 * transaction (all or nothing).
 *
 * <p>With a {@linkplain Builder#sequenceColumn sequence column} (a {@code BIGINT}) it is also a
 * {@link SequencedWriter}: each row stores the sequence of the write that produced it and an
 * upsert only replaces a row whose stored sequence is lower ({@code WHERE t.seq < EXCLUDED.seq}),
 * so a write applied late — a retry, or a journal entry delivered again after a crash — never
 * overwrites a newer one. A delete removes the row only if its sequence is not newer than the
 * delete's. Limitation: a row, once deleted, keeps no sequence, so an older write delivered again
 * after a newer delete re-creates it; keep deletes of a key and its older writes in one journal
 * (they then coalesce) or use a soft-delete value.
 *
 * <pre>{@code
 * JdbcUpsertWriter<Long, User> writer = JdbcUpsertWriter.<Long, User>builder(dataSource, "users")
 *     .keyColumn("id")
 *     .column("name", User::name)
 *     .column("email", User::email)
 *     .sequenceColumn("seq")
 *     .build();
 * }</pre>
 *
 * @param <K> key type (bound with {@code setObject}, after the optional key mapper)
 * @param <V> value type
 */
public final class JdbcUpsertWriter<K, V> implements SequencedWriter<K, V> {

  /** Runs inside the writer's transaction just before it commits (audit rows, an outbox...). */
  @FunctionalInterface
  public interface BeforeCommit<K, V> {
    /** {@code changes} were just applied on {@code connection}; throw to roll them back. */
    void run(Connection connection, List<PendingWrite<K, V>> changes) throws SQLException;
  }

  private final DataSource dataSource;
  private final String keyColumn;
  private final List<String> columns;
  private final List<Function<? super V, ?>> extractors;
  private final Function<? super K, ?> keyMapper;
  private final String seqColumn;
  private final BeforeCommit<K, V> beforeCommit;
  private volatile UpsertSql sql;
  private final JdbcDialect fixedDialect;
  private final String table;
  /** Sequences of the writes this writer applies directly (write-through, invalidate-on-write). */
  private final WriteSequence sequences;

  private JdbcUpsertWriter(Builder<K, V> b) {
    this.sequences = WriteSequence.on(b.clock);
    this.dataSource = b.dataSource;
    this.table = b.table;
    this.keyColumn = b.keyColumn;
    this.columns = List.copyOf(b.columns);
    this.extractors = List.copyOf(b.extractors);
    this.keyMapper = b.keyMapper;
    this.seqColumn = b.seqColumn;
    this.beforeCommit = b.beforeCommit;
    this.fixedDialect = b.dialect;
    if (fixedDialect != null) {
      this.sql = new UpsertSql(fixedDialect, table, keyColumn, columns, seqColumn);
    } else {
      new UpsertSql(JdbcDialect.POSTGRESQL, table, keyColumn, columns, seqColumn); // validates
    }
  }

  /** A writer for {@code table} reached through {@code dataSource}. */
  public static <K, V> Builder<K, V> builder(DataSource dataSource, String table) {
    return new Builder<>(Objects.requireNonNull(dataSource, "dataSource"), table);
  }

  /** A writer for {@code table} at a JDBC URL (a new connection per batch). */
  public static <K, V> Builder<K, V> builder(String jdbcUrl, String user, String password,
      String table) {
    return builder(new UrlDataSource(jdbcUrl, user, password), table);
  }

  @Override
  public void write(K key, V value) throws SQLException {
    apply(List.of(new PendingWrite<>(key, Objects.requireNonNull(value, "value"),
        sequences.next(), System.currentTimeMillis(), null)));
  }

  @Override
  public void delete(K key) throws SQLException {
    apply(List.of(new PendingWrite<>(key, null, sequences.next(),
        System.currentTimeMillis(), null)));
  }

  @Override
  public void writeAll(Map<? extends K, ? extends V> entries) throws SQLException {
    List<PendingWrite<K, V>> changes = new ArrayList<>(entries.size());
    for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
      changes.add(new PendingWrite<>(e.getKey(), Objects.requireNonNull(e.getValue(), "value"),
          sequences.next(), System.currentTimeMillis(), null));
    }
    apply(changes);
  }

  @Override
  public void deleteAll(Collection<? extends K> keys) throws SQLException {
    List<PendingWrite<K, V>> changes = new ArrayList<>(keys.size());
    for (K key : keys) {
      changes.add(new PendingWrite<>(key, null, sequences.next(),
          System.currentTimeMillis(), null));
    }
    apply(changes);
  }

  /**
   * Upserts the writes and deletes the deletes of {@code changes} in one transaction; with a
   * sequence column, a change older than the stored row is skipped.
   */
  @Override
  public void apply(List<PendingWrite<K, V>> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    Map<K, PendingWrite<K, V>> distinct = new LinkedHashMap<>();
    for (PendingWrite<K, V> c : changes) {
      distinct.merge(c.key(), c, (a, b) -> b.seq() >= a.seq() ? b : a);
    }
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        UpsertSql statements = statements(c);
        int upserts = 0;
        int deletes = 0;
        try (PreparedStatement up = c.prepareStatement(statements.upsert);
            PreparedStatement del = c.prepareStatement(statements.delete)) {
          for (PendingWrite<K, V> w : distinct.values()) {
            Object key = keyMapper == null ? w.key() : keyMapper.apply(w.key());
            if (w.isDelete()) {
              del.setObject(1, key);
              if (seqColumn != null) {
                del.setLong(2, w.seq());
              }
              del.addBatch();
              deletes++;
            } else {
              int i = 1;
              up.setObject(i++, key);
              for (Function<? super V, ?> f : extractors) {
                up.setObject(i++, f.apply(w.value()));
              }
              if (seqColumn != null) {
                up.setLong(i, w.seq());
              }
              up.addBatch();
              upserts++;
            }
          }
          if (upserts > 0) {
            up.executeBatch();
          }
          if (deletes > 0) {
            del.executeBatch();
          }
        }
        if (beforeCommit != null) {
          beforeCommit.run(c, List.copyOf(distinct.values()));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(auto);
        } catch (SQLException ignored) {
          // the connection is going back to its pool or being closed
        }
      }
    }
  }

  private UpsertSql statements(Connection c) throws SQLException {
    UpsertSql s = sql;
    if (s == null) {
      JdbcDialect d = JdbcDialect.of(c.getMetaData().getDatabaseProductName());
      s = new UpsertSql(d, table, keyColumn, columns, seqColumn);
      sql = s;
    }
    return s;
  }

  @Override
  public String toString() {
    return "JdbcUpsertWriter{" + table + " key=" + keyColumn + " columns=" + columns
        + (seqColumn == null ? "" : " seq=" + seqColumn) + '}';
  }

  /**
   * Builds a {@link JdbcUpsertWriter}. Identifiers must be plain SQL identifiers
   * ({@code [A-Za-z_][A-Za-z0-9_]*}, optionally schema-qualified for the table); they are not
   * quoted.
   */
  public static final class Builder<K, V> {
    private final DataSource dataSource;
    private final String table;
    private String keyColumn = "id";
    private final List<String> columns = new ArrayList<>();
    private final List<Function<? super V, ?>> extractors = new ArrayList<>();
    private Function<? super K, ?> keyMapper;
    private String seqColumn;
    private JdbcDialect dialect;
    private BeforeCommit<K, V> beforeCommit;
    private CacheClock clock = CacheClock.system();

    private Builder(DataSource dataSource, String table) {
      this.dataSource = dataSource;
      this.table = Objects.requireNonNull(table, "table");
    }

    /** The primary-key (or unique) column the cache key goes to (default {@code id}). */
    public Builder<K, V> keyColumn(String column) {
      this.keyColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /** Maps the cache key to the JDBC value bound to the key column (default: the key). */
    public Builder<K, V> keyMapper(Function<? super K, ?> mapper) {
      this.keyMapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** A value column and how to get it from a value (bound with {@code setObject}). */
    public Builder<K, V> column(String column, Function<? super V, ?> extractor) {
      columns.add(Objects.requireNonNull(column, "column"));
      extractors.add(Objects.requireNonNull(extractor, "extractor"));
      return this;
    }

    /** A {@code BIGINT} column that keeps each row's write sequence (see the class doc). */
    public Builder<K, V> sequenceColumn(String column) {
      this.seqColumn = Objects.requireNonNull(column, "column");
      return this;
    }

    /** The dialect; detected from the connection's metadata when not set. */
    public Builder<K, V> dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** Work to do in each batch's transaction before it commits. */
    public Builder<K, V> beforeCommit(BeforeCommit<K, V> hook) {
      this.beforeCommit = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** The writer. */
    /**
     * The clock of the sequences this writer gives the writes it applies directly (default the
     * system clock; tests pass the cache's {@link io.caskade.time.FakeClock}).
     */
    public Builder<K, V> clock(CacheClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public JdbcUpsertWriter<K, V> build() {
      if (columns.isEmpty()) {
        throw new IllegalStateException("at least one value column is needed");
      }
      return new JdbcUpsertWriter<>(this);
    }
  }

  /** A DataSource over DriverManager: one new connection per call. */
  private static final class UrlDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String password;

    UrlDataSource(String url, String user, String password) {
      this.url = Objects.requireNonNull(url, "jdbcUrl");
      this.user = user;
      this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public Connection getConnection(String u, String p) throws SQLException {
      return DriverManager.getConnection(url, u, p);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
