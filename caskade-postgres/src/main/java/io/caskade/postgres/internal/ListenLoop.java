package io.caskade.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening connection and its thread: {@code LISTEN}s on the channels of its subscribers,
 * waits for notifications ({@link PGConnection#getNotifications(int)}) and hands each payload to
 * the subscribers of its channel. When the connection fails (the server restarts, the backend is
 * terminated, the network drops, a periodic validity check fails), every subscriber is told
 * {@link Subscriber#onDown()}; the loop reconnects with a doubling backoff, {@code LISTEN}s again
 * on every channel, and only then tells them {@link Subscriber#onUp()}: anything committed before
 * that moment was either delivered or precedes the subscriber's clearing.
 */
public final class ListenLoop implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListenLoop.class);

  /** What a bus on this loop is told. Called on the loop's thread. */
  public interface Subscriber {
    /** A notification on the subscriber's channel. */
    void onPayload(String payload);

    /** The connection is lost or cannot be opened: nothing is heard until {@link #onUp()}. */
    void onDown();

    /** The subscriber's channel is listened to (again). */
    void onUp();
  }

  private record Change(String channel, Subscriber subscriber, boolean listen) {}

  private final BusSettings settings;
  private final String applicationName;
  private final Map<String, List<Subscriber>> channels = new ConcurrentHashMap<>();
  private final Queue<Change> changes = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean connected;
  private volatile boolean failing;
  private volatile boolean closed;
  private final Notifier waker;
  /** A channel of this loop's own: a notification on it ends the wait for notifications. */
  private final String wakeChannel;
  private Connection connection;

  /** A loop whose connection is named {@code applicationName}; {@link #start()} runs it. */
  public ListenLoop(BusSettings settings, String applicationName, Notifier waker) {
    this.settings = settings;
    this.applicationName = applicationName;
    this.waker = waker;
    this.wakeChannel = ChannelNames.of("wake-" + applicationName);
    this.thread = new Thread(this::run, "caskade-pg-bus-" + applicationName);
    thread.setDaemon(true);
  }

  /** Starts the loop's thread. */
  public void start() {
    thread.start();
  }

  /** Whether the listening connection is open. */
  public boolean isConnected() {
    return connected;
  }

  /**
   * Listens on {@code channel} for {@code subscriber}: {@link Subscriber#onUp()} once the
   * {@code LISTEN} ran; {@link Subscriber#onDown()} at once when the connection is failing.
   */
  public void subscribe(String channel, Subscriber subscriber) {
    channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    changes.add(new Change(channel, subscriber, true));
    if (failing) {
      subscriber.onDown();
    } else if (connected) {
      wake();
    }
  }

  /** Ends the loop's wait for notifications, so it applies the changes at once. */
  private void wake() {
    try {
      waker.notify(wakeChannel, List.of(""));
    } catch (RuntimeException e) {
      log.debug("cannot wake the PostgreSQL bus loop: {}", e.toString()); // it wakes on its own
    }
  }

  /** Stops delivering to {@code subscriber}; the channel is left when nobody else listens. */
  public void unsubscribe(String channel, Subscriber subscriber) {
    List<Subscriber> list = channels.get(channel);
    if (list != null) {
      list.remove(subscriber);
    }
    changes.add(new Change(channel, subscriber, false));
  }

  private void run() {
    long backoff = settings.reconnectInterval().toMillis();
    long lastCheck = System.nanoTime();
    while (!closed) {
      if (connection == null) {
        try {
          connect();
          backoff = settings.reconnectInterval().toMillis();
          lastCheck = System.nanoTime();
        } catch (SQLException e) {
          lost("cannot connect", e);
          sleep(backoff);
          backoff = Math.min(backoff * 2, settings.maxReconnectInterval().toMillis());
          continue;
        }
      }
      try {
        applyChanges();
        PGNotification[] received = connection.unwrap(PGConnection.class)
            .getNotifications((int) Math.max(1, settings.pollInterval().toMillis()));
        if (received != null) {
          for (PGNotification n : received) {
            dispatch(n.getName(), n.getParameter());
          }
        }
        long now = System.nanoTime();
        if (now - lastCheck > settings.healthCheckInterval().toNanos()) {
          if (!connection.isValid((int) Math.max(1, settings.timeout().toSeconds()))) {
            throw new SQLException("the listening connection is no longer valid");
          }
          lastCheck = now;
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        lost("lost its connection", e);
      }
    }
    closeConnection();
  }

  private void connect() throws SQLException {
    connection = Connections.open(settings, applicationName, false);
    changes.clear(); // every current subscriber is listened to below
    try (Statement st = connection.createStatement()) {
      st.execute("LISTEN " + quote(wakeChannel));
      for (String channel : channels.keySet()) {
        st.execute("LISTEN " + quote(channel));
      }
    }
    connected = true;
    failing = false;
    log.info("PostgreSQL bus listening on {} channel(s) as '{}'", channels.size(),
        applicationName);
    for (List<Subscriber> list : channels.values()) {
      for (Subscriber s : list) {
        safely(s::onUp);
      }
    }
  }

  private void applyChanges() throws SQLException {
    Change change;
    while ((change = changes.poll()) != null) {
      try (Statement st = connection.createStatement()) {
        if (change.listen()) {
          st.execute("LISTEN " + quote(change.channel()));
          safely(change.subscriber()::onUp);
        } else {
          List<Subscriber> left = channels.get(change.channel());
          if (left == null || left.isEmpty()) {
            channels.remove(change.channel());
            st.execute("UNLISTEN " + quote(change.channel()));
          }
        }
      } catch (SQLException e) {
        changes.add(change); // again after reconnecting (connect() listens on every channel)
        throw e;
      }
    }
  }

  private void dispatch(String channel, String payload) {
    List<Subscriber> list = channels.get(channel);
    if (list == null) {
      return;
    }
    for (Subscriber s : list) {
      safely(() -> s.onPayload(payload));
    }
  }

  private void lost(String what, Exception e) {
    boolean wasConnected = connected;
    connected = false;
    failing = true;
    closeConnection();
    if (wasConnected) {
      log.warn("PostgreSQL bus '{}' {}: {}; reconnecting", applicationName, what, e.toString());
    } else {
      log.debug("PostgreSQL bus '{}' {}: {}", applicationName, what, e.toString());
    }
    for (List<Subscriber> list : channels.values()) {
      for (Subscriber s : list) {
        safely(s::onDown);
      }
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already broken
      }
      connection = null;
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("PostgreSQL bus listener failed", e);
    }
  }

  private void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** {@code channel} as a quoted identifier. */
  static String quote(String channel) {
    return '"' + channel.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(settings.pollInterval().toMillis() + settings.timeout().toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
