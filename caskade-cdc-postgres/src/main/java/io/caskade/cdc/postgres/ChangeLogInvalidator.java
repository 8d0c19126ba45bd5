package io.caskade.cdc.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation from PostgreSQL's change log: a logical replication slot ({@code pgoutput}, read
 * through the PostgreSQL JDBC driver's replication API) delivers every committed change of the
 * mapped tables, however the row was written — through the cache, another service, a batch job,
 * a SQL console — and each transaction's keys and tags are invalidated through the caches' public
 * API ({@code invalidate}/{@code invalidateAll(keys)}/{@code invalidateTag}/{@code
 * invalidateAll()}): every tier, and every other instance through the L2 tier's bus.
 *
 * <pre>{@code
 * ChangeLogInvalidator cdc = ChangeLogInvalidator.builder("jdbc:postgresql://db/app")
 *     .user("caskade").slot("caskade_users").publication("caskade_users")
 *     .map(TableMapping.table("public.users", users).key(r -> r.getLong("id")).build())
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p><b>At-least-once.</b> A transaction's position is confirmed to the server only after its
 * invalidations were applied; a restart (or reconnect) resumes from the last confirmed position,
 * so a change committed while no consumer ran is delivered when one starts, and a change may be
 * invalidated twice (harmless). One consumer streams from a slot at a time: run one per slot in
 * the fleet, or start it on several instances — the others retry every {@code reconnectDelay}
 * and take over when the holder dies.
 *
 * <p><b>Needs</b> {@code wal_level=logical}, a role with {@code REPLICATION} (and ownership of the
 * tables to create the publication), and for tags or non-key columns on deletes, {@code REPLICA
 * IDENTITY FULL}. A stopped consumer's slot retains WAL: {@link SlotMonitor} warns at
 * {@code slotLagWarnBytes}; bound it on the server with {@code max_slot_wal_keep_size}.
 */
public final class ChangeLogInvalidator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeLogInvalidator.class);

  private final ConnectionFactory connections;
  private final String slot;
  private final String publication;
  private final boolean createPublication;
  private final Map<String, List<TableMapping<?>>> mappings;
  private final Duration statusInterval;
  private final Duration reconnectDelay;
  private final Duration monitorInterval;
  private final SlotMonitor monitor;
  private final Reinvalidation reinvalidation;
  private final InvalidationCounters counters = new InvalidationCounters();
  private volatile boolean closed;
  private Thread thread;

  private ChangeLogInvalidator(Builder b) {
    this.connections = new ConnectionFactory(b.jdbcUrl, b.user, b.password);
    this.slot = b.slot;
    this.publication = b.publication;
    this.createPublication = b.createPublication;
    Map<String, List<TableMapping<?>>> byTable = new HashMap<>();
    for (TableMapping<?> m : b.mappings) {
      byTable.computeIfAbsent(m.table(), t -> new ArrayList<>()).add(m);
    }
    byTable.replaceAll((t, l) -> List.copyOf(l));
    this.mappings = Map.copyOf(byTable);
    this.statusInterval = b.statusInterval;
    this.reconnectDelay = b.reconnectDelay;
    this.monitorInterval = b.monitorInterval;
    this.monitor = new SlotMonitor(connections, slot, b.slotLagWarnBytes);
    this.reinvalidation = new Reinvalidation(slot, b.reinvalidateAfter);
  }

  /** Starts configuring an invalidator on the database at {@code jdbcUrl}. */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /**
   * Creates the publication (when asked) and the slot if they do not exist — so every change
   * committed after this returns will be delivered — then streams on a daemon thread.
   *
   * @throws IllegalStateException when the database cannot be prepared (not reachable, not
   *     {@code wal_level=logical}, no permission)
   */
  public synchronized ChangeLogInvalidator start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    try {
      SlotSetup setup = new SlotSetup(connections, slot, publication);
      if (createPublication) {
        setup.ensurePublication(mappings.keySet());
      }
      setup.ensureSlot();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare slot " + slot + " on " + connections.url()
          + ": " + e.getMessage(), e);
    }
    monitor.start(monitorInterval);
    thread = new Thread(this::loop, "caskade-cdc-" + slot);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void loop() {
    while (!closed) {
      try (Connection replication = connections.openReplication()) {
        new ReplicationSession(mappings, counters, reinvalidation::schedule)
            .run(replication, slot, publication, statusInterval, () -> closed);
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        counters.error();
        if (String.valueOf(e.getMessage()).contains("is active for PID")) {
          LOG.debug("slot {} is held by another consumer; retrying in {}", slot, reconnectDelay);
        } else {
          LOG.warn("change log of slot {} interrupted ({}); resuming from the last confirmed"
              + " position in {}", slot, e.toString(), reconnectDelay);
        }
      }
      sleep(reconnectDelay);
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** The counters now, with the slot's last checked status. */
  public CdcStats stats() {
    return counters.snapshot(monitor.status());
  }

  /** The slot's monitor (checks every {@code monitorInterval} while started). */
  public SlotMonitor slotMonitor() {
    return monitor;
  }

  /** The slot's name. */
  public String slot() {
    return slot;
  }

  /**
   * Stops streaming after confirming what was applied; the slot stays (a later start resumes
   * from it). Idempotent. To remove the slot for good, call {@link #dropSlot()}.
   */
  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    monitor.close();
    reinvalidation.close();
  }

  /** Drops the slot (after {@link #close()}): the server stops retaining WAL for it. */
  public void dropSlot() throws SQLException {
    new SlotSetup(connections, slot, publication).dropSlot();
  }

  /** Builds a {@link ChangeLogInvalidator}; immutable once built. */
  public static final class Builder {
    private final String jdbcUrl;
    private String user;
    private String password;
    private String slot = "caskade_cdc";
    private String publication = "caskade_cdc";
    private boolean createPublication = true;
    private final List<TableMapping<?>> mappings = new ArrayList<>();
    private Duration statusInterval = Duration.ofSeconds(1);
    private Duration reconnectDelay = Duration.ofSeconds(1);
    private Duration monitorInterval = Duration.ofSeconds(10);
    private long slotLagWarnBytes = SlotMonitor.DEFAULT_WARN_AT_BYTES;
    private Duration reinvalidateAfter = Duration.ofMillis(500);

    private Builder(String jdbcUrl) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    /** Database user (needs the REPLICATION attribute). */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The logical replication slot (default {@code caskade_cdc}); created if absent. */
    public Builder slot(String slot) {
      this.slot = requireIdentifier(slot);
      return this;
    }

    /** The publication (default {@code caskade_cdc}). */
    public Builder publication(String publication) {
      this.publication = requireIdentifier(publication);
      return this;
    }

    /**
     * Whether to create the publication for the mapped tables (and add missing ones to it) at
     * start; default true. Off when a DBA manages publications.
     */
    public Builder createPublication(boolean create) {
      this.createPublication = create;
      return this;
    }

    /** Adds a table-to-cache mapping; a table may have several (one per cache). */
    public Builder map(TableMapping<?> mapping) {
      mappings.add(Objects.requireNonNull(mapping, "mapping"));
      return this;
    }

    /** How often the confirmed position is reported to the server (default 1 s). */
    public Builder statusInterval(Duration d) {
      this.statusInterval = positive(d, "statusInterval");
      return this;
    }

    /** Pause before reconnecting after an error or while another consumer holds the slot (1 s). */
    public Builder reconnectDelay(Duration d) {
      this.reconnectDelay = positive(d, "reconnectDelay");
      return this;
    }

    /** How often the slot's lag is checked (default 10 s). */
    public Builder monitorInterval(Duration d) {
      this.monitorInterval = positive(d, "monitorInterval");
      return this;
    }

    /** Retained WAL at which the slot monitor warns (default 256 MiB). */
    public Builder slotLagWarnBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("slotLagWarnBytes must be positive: " + bytes);
      }
      this.slotLagWarnBytes = bytes;
      return this;
    }

    /**
     * Applies each transaction's invalidations a second time this long after the first (default
     * 500 ms; {@link Duration#ZERO} turns it off). A reader that fetched the old value just before
     * the first invalidation can still put it into its L1 just after it (a race in the engine's
     * L1 fill, measured by the lab's {@code consistency} scenario): without the second pass that
     * copy lives until {@code l1MaxLifetime}; with it, at most this long. Best effort: the
     * position is confirmed after the first pass.
     */
    public Builder reinvalidateAfter(Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("reinvalidateAfter must not be negative: " + d);
      }
      this.reinvalidateAfter = d;
      return this;
    }

    public ChangeLogInvalidator build() {
      if (mappings.isEmpty()) {
        throw new IllegalStateException("no table mapped: add at least one map(...)");
      }
      return new ChangeLogInvalidator(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static String requireIdentifier(String s) {
      if (s == null || !s.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("must be a lower-case SQL identifier: " + s);
      }
      return s;
    }
  }

  @Override
  public String toString() {
    return "ChangeLogInvalidator{slot=" + slot + ", tables=" + new LinkedHashMap<>(mappings).keySet()
        + '}';
  }
}
