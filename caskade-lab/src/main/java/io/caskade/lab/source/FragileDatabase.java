package io.caskade.lab.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;

/**
 * The lab's source: a real database (embedded H2 or PostgreSQL) holding a {@code users} table of
 * {@link SourceSettings#keys()} rows, reached through a HikariCP pool of
 * {@link SourceSettings#capacity()} connections. A caller that finds every connection busy waits
 * up to {@link SourceSettings#queueTimeout()} and then fails with
 * {@link SourceOverloadedException}: this is how the source "falls over".
 *
 * <p>Open it once per lab run; make a {@link UserRepository} per measured run.
 */
public final class FragileDatabase implements AutoCloseable {

  private final SourceSettings settings;
  private final Dialect dialect;
  private final HikariDataSource pool;
  private volatile boolean down;

  private FragileDatabase(SourceSettings settings) {
    this.settings = settings;
    this.dialect = Dialect.of(settings.jdbcUrl());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    config.setPoolName("caskade-lab-source");
    config.setMaximumPoolSize(settings.capacity());
    config.setMinimumIdle(settings.capacity());
    config.setConnectionTimeout(settings.queueTimeout().toMillis());
    config.setAutoCommit(true);
    this.pool = new HikariDataSource(config);
  }

  /**
   * Connects, (re)creates the {@code users} table and fills it with rows 1..keys.
   *
   * @throws SourceException when the database cannot be reached or prepared
   */
  public static FragileDatabase open(SourceSettings settings) {
    Objects.requireNonNull(settings, "settings");
    FragileDatabase db = new FragileDatabase(settings);
    try (Connection c = db.pool.getConnection()) {
      db.dialect.createSchema(c);
      db.dialect.seed(c, settings.keys());
    } catch (SQLException e) {
      db.close();
      throw new SourceException("cannot prepare " + settings.jdbcUrl() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** How this database was configured. */
  public SourceSettings settings() {
    return settings;
  }

  /** Callers waiting for a connection right now (0 when the source keeps up). */
  public int waitingCallers() {
    return pool.getHikariPoolMXBean().getThreadsAwaitingConnection();
  }

  /** Connections running a query right now. */
  public int busyConnections() {
    return pool.getHikariPoolMXBean().getActiveConnections();
  }

  /**
   * Takes the database down (every new query fails at once with {@link SourceException}) or
   * brings it back.
   */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** True while {@link #setDown} has taken the database down. */
  public boolean isDown() {
    return down;
  }

  /** A repository counting its queries with a fresh {@link QueryCounter}. */
  public UserRepository newRepository() {
    return new UserRepository(this, new QueryCounter());
  }

  Dialect dialect() {
    return dialect;
  }

  Connection connect() {
    if (down) {
      throw new SourceException("source down (taken down by the lab)", null);
    }
    try {
      return pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      throw new SourceOverloadedException("source overloaded: no connection within "
          + settings.queueTimeout().toMillis() + "ms (" + settings.capacity() + " connections busy)", e);
    } catch (SQLException e) {
      throw new SourceException("cannot connect: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
