package io.caskade.postgres;

import io.caskade.bus.BusListener;
import io.caskade.bus.InvalidationBus;
import io.caskade.bus.InvalidationMessage;
import io.caskade.bus.InvalidationMessage.Kind;
import io.caskade.bus.MessageFormat;
import io.caskade.postgres.internal.ChannelNames;
import io.caskade.postgres.internal.ListenLoop;
import io.caskade.postgres.internal.MessageChunks;
import io.caskade.postgres.internal.Notifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation bus of one cache on PostgreSQL {@code LISTEN/NOTIFY}; obtain it from
 * {@link PostgresBusHub#bus()} and give it to {@code Tiers.compose(store).bus(...)}.
 *
 * <ul>
 *   <li>Channel: {@code caskade_inv_<cache>}, or a reduced name with a hash suffix when the cache
 *       name is not a plain lower-case identifier or would pass 63 bytes.
 *   <li>Messages: the bus's JSON format ({@link MessageFormat}), one per notification; a batch of
 *       keys larger than a notification's 8000-byte payload limit is split into several
 *       notifications sent in one transaction; a single key too long for any notification is sent
 *       as a clear of every instance's L1.
 *   <li>Origin: each bus has its own id; its own messages are not delivered to it.
 *   <li>Connection loss: {@link BusListener#onBusDown()} at once, then, once the hub listens again,
 *       {@link BusListener#onAll()}: every reconnect clears L1. Messages are not numbered: on a
 *       live session PostgreSQL delivers every committed notification, so the only loss window is
 *       a dropped connection, and the cache needs {@code onAll} to trust L1 again after
 *       {@code onBusDown} anyway.
 * </ul>
 */
public final class PostgresBus implements InvalidationBus {

  private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);

  private final ListenLoop loop;
  private final Notifier notifier;
  private final Runnable onClose;
  private final Duration answerTimeout;
  private final String origin = UUID.randomUUID().toString();
  private final Delivery delivery = new Delivery();
  private final AtomicBoolean started = new AtomicBoolean();
  private final LongAdder received = new LongAdder();
  private final LongAdder ignoredOwn = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder outages = new LongAdder();
  private volatile String cache;
  private volatile String channel;
  private volatile BusListener listener;
  private volatile boolean up;
  private volatile boolean closed;
  /** Whether onBusDown was reported and onAll not yet; guarded by {@link #delivery}. */
  private boolean downReported;

  PostgresBus(ListenLoop loop, Notifier notifier, Duration answerTimeout, Runnable onClose) {
    this.loop = loop;
    this.answerTimeout = answerTimeout;
    this.notifier = notifier;
    this.onClose = onClose;
  }

  /**
   * Joins the channel of {@code cache}: returns once the hub listens on it (messages published
   * from then on are heard), or once the hub reported itself down ({@code onBusDown} delivered;
   * it keeps reconnecting), or after the hub's timeout.
   */
  @Override
  public void start(String cache, BusListener listener) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(listener, "listener");
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("this PostgreSQL bus already serves cache '" + this.cache
          + "'; get one bus per cache from the hub");
    }
    this.cache = cache;
    this.channel = ChannelNames.of(cache);
    this.listener = listener;
    loop.subscribe(channel, delivery);
    try {
      if (!delivery.answered.await(answerTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("cache '{}': PostgreSQL bus not listening after {}; it keeps trying", cache,
            answerTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The {@code LISTEN/NOTIFY} channel; null until started. */
  public String channel() {
    return channel;
  }

  /** This instance's origin id (carried by every message it sends). */
  public String origin() {
    return origin;
  }

  @Override
  public void publishKeys(List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    notifier.notify(channel(true), MessageChunks.keys(cache, origin, keys,
        MessageChunks.LIMIT_BYTES));
  }

  @Override
  public void publishTag(String tag, long version) {
    send(new InvalidationMessage(cache(), Kind.TAG, List.of(), tag, version, origin));
  }

  @Override
  public void publishNamespace(long generation) {
    send(new InvalidationMessage(cache(), Kind.NAMESPACE, List.of(), null, generation, origin));
  }

  private void send(InvalidationMessage message) {
    notifier.notify(channel(true), List.of(MessageChunks.encode(message)));
  }

  private String cache() {
    channel(true);
    return cache;
  }

  private String channel(boolean required) {
    String c = channel;
    if (c == null && required) {
      throw new IllegalStateException("start(cache, listener) the bus before publishing");
    }
    return c;
  }

  @Override
  public boolean isUp() {
    return up && !closed;
  }

  /** Messages from other instances delivered to the listener. */
  public long received() {
    return received.sum();
  }

  /** This instance's own messages, heard and dropped. */
  public long ignoredOwn() {
    return ignoredOwn.sum();
  }

  /** Notifications on the channel that were not messages of this cache. */
  public long malformed() {
    return malformed.sum();
  }

  /** How many times the bus lost its connection (each reported by {@code onBusDown}). */
  public long outages() {
    return outages.sum();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    up = false;
    if (channel != null) {
      loop.unsubscribe(channel, delivery);
    }
    onClose.run();
  }

  @Override
  public String toString() {
    return "PostgresBus{" + (cache == null ? "unstarted" : channel) + ", "
        + (isUp() ? "up" : "down") + '}';
  }

  /** What the hub's loop tells this bus. */
  private final class Delivery implements ListenLoop.Subscriber {
    /** Released by the first onUp or onDown. */
    final CountDownLatch answered = new CountDownLatch(1);

    @Override
    public void onPayload(String payload) {
      if (closed) {
        return;
      }
      InvalidationMessage m = MessageFormat.decode(payload.getBytes(StandardCharsets.UTF_8));
      if (m == null || !cache.equals(m.cache())) {
        malformed.increment();
        return;
      }
      if (origin.equals(m.origin())) {
        ignoredOwn.increment();
        return;
      }
      received.increment();
      switch (m.kind()) {
        case KEY, KEYS -> listener.onKeys(m.keys());
        case TAG -> listener.onTag(m.tag(), m.version());
        case NAMESPACE -> listener.onNamespace(m.version());
        case ALL -> listener.onAll();
        default -> malformed.increment();
      }
    }

    @Override
    public synchronized void onDown() {
      up = false;
      answered.countDown();
      if (closed || downReported) {
        return;
      }
      downReported = true;
      outages.increment();
      log.warn("cache '{}': PostgreSQL bus down; L1 is not trusted until it is back", cache);
      listener.onBusDown();
    }

    @Override
    public synchronized void onUp() {
      if (closed) {
        return;
      }
      up = true;
      answered.countDown();
      if (downReported) {
        downReported = false;
        log.info("cache '{}': PostgreSQL bus back; clearing L1 (messages may have been missed)",
            cache);
        listener.onAll();
      }
    }
  }
}
