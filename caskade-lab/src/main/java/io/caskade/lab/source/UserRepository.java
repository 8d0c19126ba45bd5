package io.caskade.lab.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Data access to the {@code users} table of a {@link FragileDatabase}. Every method is one query
 * that costs the database's latency and is counted in {@link #counter()}; writes go straight to
 * the table, bypassing any cache (the lab's drift). Thread-safe.
 */
public final class UserRepository {

  private static final String COLUMNS = "id, name, email, version";

  private final FragileDatabase db;
  private volatile QueryCounter counter;
  private final String table;
  private final long latencyMicros;

  UserRepository(FragileDatabase db, QueryCounter counter) {
    this.db = db;
    this.counter = counter;
    this.table = db.dialect().table();
    this.latencyMicros = db.settings().latency().toNanos() / 1_000;
  }

  /** What reached the source through this repository since the last {@link #resetCounter}. */
  public QueryCounter counter() {
    return counter;
  }

  /** Starts counting afresh (after a warm-up, before the measured run); returns the new counter. */
  public QueryCounter resetCounter() {
    counter = new QueryCounter();
    return counter;
  }

  /** The user with {@code id}, or empty when there is none. One query. */
  public Optional<User> find(long id) {
    return query("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?", p -> p.setLong(1, id),
        rs -> rs.next() ? Optional.of(user(rs)) : Optional.<User>empty());
  }

  /** The users among {@code ids} that exist, by id. One query, however many ids. */
  public Map<Long, User> findAll(Collection<Long> ids) {
    Objects.requireNonNull(ids, "ids");
    if (ids.isEmpty()) {
      return Map.of();
    }
    Long[] array = ids.toArray(new Long[0]);
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < array.length; i++) {
      in.append(i == 0 ? "?" : ",?");
    }
    return query("SELECT " + COLUMNS + " FROM " + table + " WHERE id IN (" + in + ")", p -> {
      for (int i = 0; i < array.length; i++) {
        p.setLong(i + 1, array[i]);
      }
    }, rs -> {
      Map<Long, User> found = new HashMap<>();
      while (rs.next()) {
        User u = user(rs);
        found.put(u.id(), u);
      }
      return found;
    });
  }

  /** Every id in the table, ascending (what a bloom filter is seeded from). One query. */
  public List<Long> ids() {
    return query("SELECT id FROM " + table + " ORDER BY id", p -> { }, rs -> {
      List<Long> ids = new ArrayList<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      return ids;
    });
  }

  /** Writes {@code user} over the row with its id, bypassing every cache; false when no such row. */
  public boolean update(User user) {
    Objects.requireNonNull(user, "user");
    return update("UPDATE " + table + " SET name = ?, email = ?, version = ? WHERE id = ?", p -> {
      p.setString(1, user.name());
      p.setString(2, user.email());
      p.setLong(3, user.version());
      p.setLong(4, user.id());
    }) == 1;
  }

  /** Inserts a new row, bypassing every cache. */
  public void insert(User user) {
    Objects.requireNonNull(user, "user");
    update("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?)", p -> {
      p.setLong(1, user.id());
      p.setString(2, user.name());
      p.setString(3, user.email());
      p.setLong(4, user.version());
    });
  }

  /**
   * Writes {@code user} over its row unless the row already holds this or a newer version
   * (idempotent and order-aware, as a write-behind writer must be); false when nothing changed.
   * One query.
   */
  public boolean updateIfNewer(User user) {
    Objects.requireNonNull(user, "user");
    return update("UPDATE " + table + " SET name = ?, email = ?, version = ? WHERE id = ?"
        + " AND version < ?", p -> bindNewer(p, user)) == 1;
  }

  /**
   * {@link #updateIfNewer} for many users in one transaction: one query (a JDBC batch on one
   * connection, costing the database's latency once). Returns the rows changed.
   */
  public int updateAllIfNewer(Collection<User> users) {
    Objects.requireNonNull(users, "users");
    if (users.isEmpty()) {
      return 0;
    }
    String sql = "UPDATE " + table + " SET name = ?, email = ?, version = ? WHERE id = ?"
        + " AND version < ?";
    long queuedAt = System.nanoTime();
    try (Connection c = connect()) {
      counter.queued(System.nanoTime() - queuedAt);
      counter.queryRan();
      sleepInDatabase(c);
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement(sql)) {
        for (User u : users) {
          bindNewer(p, u);
          p.addBatch();
        }
        int rows = 0;
        for (int n : p.executeBatch()) {
          rows += Math.max(0, n);
        }
        c.commit();
        counter.wrote(rows);
        return rows;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      counter.failed();
      throw new SourceException("batch update failed: " + e.getMessage(), e);
    }
  }

  /** The highest version of any row (versions only grow). One query. */
  public long maxVersion() {
    return query("SELECT MAX(version) FROM " + table, p -> { },
        rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  private static void bindNewer(PreparedStatement p, User user) throws SQLException {
    p.setString(1, user.name());
    p.setString(2, user.email());
    p.setLong(3, user.version());
    p.setLong(4, user.id());
    p.setLong(5, user.version());
  }

  private int update(String sql, Binder binder) {
    return query(sql, binder, null);
  }

  private <T> T query(String sql, Binder binder, RowReader<T> reader) {
    long queuedAt = System.nanoTime();
    try (Connection c = connect()) {
      counter.queued(System.nanoTime() - queuedAt);
      counter.queryRan();
      sleepInDatabase(c);
      try (PreparedStatement p = c.prepareStatement(sql)) {
        binder.bind(p);
        if (reader == null) {
          @SuppressWarnings("unchecked")
          int rows = p.executeUpdate();
          counter.wrote(rows);
          T count = (T) Integer.valueOf(rows);
          return count;
        }
        try (ResultSet rs = p.executeQuery()) {
          return reader.read(rs);
        }
      }
    } catch (SQLException e) {
      counter.failed();
      throw new SourceException("query failed: " + e.getMessage(), e);
    }
  }

  private Connection connect() {
    try {
      return db.connect();
    } catch (SourceOverloadedException e) {
      counter.rejected();
      throw e;
    }
  }

  private void sleepInDatabase(Connection c) throws SQLException {
    if (latencyMicros <= 0) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(db.dialect().sleepSql())) {
      db.dialect().bindSleep(p, latencyMicros);
      p.execute();
    }
  }

  private static User user(ResultSet rs) throws SQLException {
    return new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}
