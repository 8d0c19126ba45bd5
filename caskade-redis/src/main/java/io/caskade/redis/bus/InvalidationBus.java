package io.caskade.redis.bus;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation bus of one cache on Redis pub/sub: channel {@code caskade:inv:<cache>}.
 *
 * <p>Publishing goes through the caller's command connection (so a publish fails like any other
 * Redis call and can be queued for replay). Receiving uses a dedicated pub/sub connection that
 * Lettuce reconnects and resubscribes by itself; this class watches that connection: when it
 * drops, a gap is counted and the bus reports itself {@link #isUp() down}; when it comes back,
 * a resubscription is counted and the owner is told ({@link BusListener#onResubscribed()}), since
 * messages may have been lost in between. Messages whose origin is this instance are ignored.
 */
public final class InvalidationBus implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InvalidationBus.class);

  private final String cache;
  private final String channel;
  private final String origin;
  private final BusListener listener;
  private final BiConsumer<String, byte[]> publisher;
  private final Supplier<StatefulRedisPubSubConnection<String, byte[]>> connector;
  private final AbstractRedisClient client;
  private final StateWatcher watcher = new StateWatcher();
  private final AtomicBoolean up = new AtomicBoolean();
  private final AtomicBoolean lostSinceUp = new AtomicBoolean();
  private final LongAdder received = new LongAdder();
  private final LongAdder ignoredOwn = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder resubscriptions = new LongAdder();
  private volatile StatefulRedisPubSubConnection<String, byte[]> connection;
  private volatile boolean closed;

  /**
   * A bus for {@code cache}; call {@link #ensureSubscribed()} to start receiving.
   *
   * @param origin this instance's id
   * @param client the client {@code connector} connects with (its connection events are watched)
   * @param connector opens a pub/sub connection
   * @param publisher publishes {@code (channel, bytes)} on a command connection
   */
  public InvalidationBus(String cache, String origin, BusListener listener,
      AbstractRedisClient client,
      Supplier<StatefulRedisPubSubConnection<String, byte[]>> connector,
      BiConsumer<String, byte[]> publisher) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.channel = "caskade:inv:" + cache;
    this.origin = Objects.requireNonNull(origin, "origin");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.client = client;
    this.connector = connector;
    this.publisher = publisher;
    client.addListener(watcher);
  }

  /** The pub/sub channel. */
  public String channel() {
    return channel;
  }

  /** This instance's origin id. */
  public String origin() {
    return origin;
  }

  /**
   * Opens and subscribes the pub/sub connection if it is not open yet (the first time, or after
   * an initial connection failure); afterwards Lettuce keeps it subscribed. Throws what the
   * connection attempt threw.
   */
  public synchronized void ensureSubscribed() {
    if (connection != null || closed) {
      return;
    }
    StatefulRedisPubSubConnection<String, byte[]> c = connector.get();
    c.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String ch, byte[] message) {
        if (channel.equals(ch)) {
          dispatch(message);
        }
      }
    });
    c.sync().subscribe(channel);
    connection = c;
    up.set(true);
  }

  /** Publishes {@code kind} for this cache; throws what the publisher throws. */
  public void publish(InvalidationMessage.Kind kind, List<String> keys, String tag,
      long version) {
    publisher.accept(channel,
        MessageFormat.encode(new InvalidationMessage(cache, kind, keys, tag, version, origin)));
  }

  /** True while the subscription is believed to be live. */
  public boolean isUp() {
    return up.get() && connection != null;
  }

  public long received() {
    return received.sum();
  }

  public long ignoredOwn() {
    return ignoredOwn.sum();
  }

  public long malformed() {
    return malformed.sum();
  }

  /** How many times the subscription was lost. */
  public long gaps() {
    return gaps.sum();
  }

  /** How many times it came back after a loss (each time the owner was told). */
  public long resubscriptions() {
    return resubscriptions.sum();
  }

  private void dispatch(byte[] bytes) {
    InvalidationMessage message = MessageFormat.decode(bytes);
    if (message == null || !cache.equals(message.cache())) {
      malformed.increment();
      return;
    }
    if (origin.equals(message.origin())) {
      ignoredOwn.increment();
      return;
    }
    received.increment();
    try {
      listener.onMessage(message);
    } catch (RuntimeException e) {
      log.warn("cache '{}': invalidation listener failed on {}", cache, message, e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    client.removeListener(watcher);
    StatefulRedisPubSubConnection<String, byte[]> c = connection;
    connection = null;
    up.set(false);
    if (c != null) {
      c.close(); // waited for: the client is shut down right after, and must find it closed
    }
  }

  /** Watches the client's connection events for our pub/sub connection. */
  private final class StateWatcher implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (isOurs(handler) && !closed && up.compareAndSet(true, false)) {
        lostSinceUp.set(true);
        gaps.increment();
        log.warn("cache '{}': invalidation bus lost its subscription", cache);
        try {
          listener.onLost();
        } catch (RuntimeException e) {
          log.warn("cache '{}': subscription-loss handler failed", cache, e);
        }
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      if (isOurs(handler) && !closed && lostSinceUp.compareAndSet(true, false)) {
        up.set(true);
        resubscriptions.increment();
        log.info("cache '{}': invalidation bus resubscribed; clearing what may have been missed",
            cache);
        try {
          listener.onResubscribed();
        } catch (RuntimeException e) {
          log.warn("cache '{}': resubscription handler failed", cache, e);
        }
      }
    }

    private boolean isOurs(RedisChannelHandler<?, ?> handler) {
      StatefulRedisPubSubConnection<String, byte[]> c = connection;
      return c != null && handler == c;
    }
  }
}
