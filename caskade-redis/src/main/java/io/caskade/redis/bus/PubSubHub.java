package io.caskade.redis.bus;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pub/sub connection shared by every invalidation bus of an application: each bus
 * {@link #subscribe subscribes} its channel, messages are dispatched per channel to the buses
 * of that channel, and the connection's drops and returns are told to every bus. Lettuce
 * reconnects the connection and resubscribes its channels by itself. The connection is opened
 * by the first subscription (and again by a later one if that first attempt failed).
 */
public final class PubSubHub implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PubSubHub.class);

  /** What a bus hears from the shared connection. */
  public interface Subscriber {
    /** A message on the subscriber's channel. */
    void onMessage(byte[] message);

    /** The shared connection dropped. */
    void onDisconnected();

    /** The shared connection is back (Lettuce resubscribes its channels). */
    void onReconnected();
  }

  private final AbstractRedisClient client;
  private final Supplier<StatefulRedisPubSubConnection<String, byte[]>> connector;
  private final Map<String, List<Subscriber>> byChannel = new ConcurrentHashMap<>();
  private final StateWatcher watcher = new StateWatcher();
  private volatile StatefulRedisPubSubConnection<String, byte[]> connection;
  private volatile boolean closed;

  /**
   * @param client the client {@code connector} connects with (its connection events are watched)
   * @param connector opens a pub/sub connection
   */
  public PubSubHub(AbstractRedisClient client,
      Supplier<StatefulRedisPubSubConnection<String, byte[]>> connector) {
    this.client = Objects.requireNonNull(client, "client");
    this.connector = Objects.requireNonNull(connector, "connector");
    client.addListener(watcher);
  }

  /**
   * Subscribes {@code subscriber} to {@code channel}, opening the shared connection if needed;
   * throws what connecting or SUBSCRIBE threw (the subscriber is then not registered).
   */
  public synchronized void subscribe(String channel, Subscriber subscriber) {
    if (closed) {
      throw new IllegalStateException("pub/sub hub closed");
    }
    StatefulRedisPubSubConnection<String, byte[]> c = connection;
    if (c == null) {
      c = connector.get();
      c.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String ch, byte[] message) {
          dispatch(ch, message);
        }
      });
      connection = c;
    }
    List<Subscriber> subscribers = byChannel.get(channel);
    if (subscribers == null) {
      c.sync().subscribe(channel);
      subscribers = new CopyOnWriteArrayList<>();
      byChannel.put(channel, subscribers);
    }
    subscribers.add(subscriber);
  }

  /** Removes {@code subscriber}; the channel is unsubscribed (not waited for) when it was the last. */
  public synchronized void unsubscribe(String channel, Subscriber subscriber) {
    List<Subscriber> subscribers = byChannel.get(channel);
    if (subscribers == null || !subscribers.remove(subscriber) || !subscribers.isEmpty()) {
      return;
    }
    byChannel.remove(channel);
    StatefulRedisPubSubConnection<String, byte[]> c = connection;
    if (c != null && c.isOpen() && !closed) {
      c.async().unsubscribe(channel);
    }
  }

  /** True while the shared connection is open and connected. */
  public boolean isConnected() {
    StatefulRedisPubSubConnection<String, byte[]> c = connection;
    return c != null && c.isOpen();
  }

  private void dispatch(String channel, byte[] message) {
    List<Subscriber> subscribers = byChannel.get(channel);
    if (subscribers == null) {
      return;
    }
    for (Subscriber s : subscribers) {
      try {
        s.onMessage(message);
      } catch (RuntimeException e) {
        log.warn("invalidation bus of channel '{}' failed on a message", channel, e);
      }
    }
  }

  /** Closes the shared connection (waited for); buses must have been closed or are told nothing. */
  @Override
  public synchronized void close() {
    closed = true;
    client.removeListener(watcher);
    byChannel.clear();
    StatefulRedisPubSubConnection<String, byte[]> c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
  }

  private void each(java.util.function.Consumer<Subscriber> event) {
    for (List<Subscriber> subscribers : byChannel.values()) {
      for (Subscriber s : subscribers) {
        try {
          event.accept(s);
        } catch (RuntimeException e) {
          log.warn("invalidation bus failed on a connection event", e);
        }
      }
    }
  }

  /** Watches the client's connection events for the shared pub/sub connection. */
  private final class StateWatcher implements RedisConnectionStateListener {
    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (isOurs(handler)) {
        each(Subscriber::onDisconnected);
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      if (isOurs(handler)) {
        each(Subscriber::onReconnected);
      }
    }

    private boolean isOurs(RedisChannelHandler<?, ?> handler) {
      StatefulRedisPubSubConnection<String, byte[]> c = connection;
      return !closed && c != null && handler == c;
    }
  }
}
