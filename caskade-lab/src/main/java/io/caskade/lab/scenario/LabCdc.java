package io.caskade.lab.scenario;

import io.caskade.Cache;
import io.caskade.cdc.postgres.ChangeLogInvalidator;
import io.caskade.cdc.postgres.TableMapping;
import io.caskade.lab.source.User;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Change-log invalidation of the lab's {@code users} table (caskade-cdc-postgres): one consumer,
 * on a slot and publication of its own, invalidating the key of every committed change through
 * one instance's cache — which deletes from L2 and tells the other instances over the bus.
 * Closing stops the consumer and drops its slot and publication.
 */
final class LabCdc implements AutoCloseable {

  private final ChangeLogInvalidator invalidator;
  private final String url;
  private final String user;
  private final String publication;

  private LabCdc(ChangeLogInvalidator invalidator, String url, String user, String publication) {
    this.invalidator = invalidator;
    this.url = url;
    this.user = user;
    this.publication = publication;
  }

  /** Starts consuming; every change committed after this returns is invalidated in {@code cache}. */
  static LabCdc start(LabSettings s, Cache<Long, User> cache) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String url = LogicalPostgres.jdbcUrl(s);
    String user = LogicalPostgres.user(s);
    ChangeLogInvalidator cdc = ChangeLogInvalidator.builder(url).user(user)
        .slot("caskade_lab_" + id).publication("caskade_lab_" + id)
        .monitorInterval(Duration.ofSeconds(1))
        .reconnectDelay(Duration.ofMillis(200))
        .map(TableMapping.table("caskade_lab.users", cache).key(row -> row.getLong("id")).build())
        .build()
        .start();
    return new LabCdc(cdc, url, user, "caskade_lab_" + id);
  }

  /** The consumer's counters. */
  ChangeLogInvalidator invalidator() {
    return invalidator;
  }

  @Override
  public void close() {
    invalidator.close();
    try {
      invalidator.dropSlot();
      try (Connection c = DriverManager.getConnection(url, user, "");
          Statement st = c.createStatement()) {
        st.execute("DROP PUBLICATION IF EXISTS " + publication);
      }
    } catch (SQLException e) {
      // the slot or publication stays behind: the next run uses new names
    }
  }
}
