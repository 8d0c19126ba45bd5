package io.caskade.redis.bus;

import io.caskade.bus.InvalidationMessage;
import io.caskade.bus.MessageFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation bus of one cache on Redis pub/sub: channel {@code caskade:inv:<cache>}.
 *
 * <p>Publishing goes through the caller's command connection (so a publish fails like any other
 * Redis call and can be queued for replay). Receiving uses the application's one pub/sub
 * connection ({@link PubSubHub}), which Lettuce reconnects and resubscribes by itself; the hub tells every bus when it drops: then a gap is counted and the bus reports itself {@link #isUp() down}; when it comes back,
 * a resubscription is counted and the owner is told ({@link ChannelListener#onResubscribed()}), since
 * messages may have been lost in between. Messages whose origin is this instance are ignored.
 */
public final class RedisChannel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisChannel.class);

  private final String cache;
  private final String channel;
  private final String origin;
  private final ChannelListener listener;
  private final BiConsumer<String, byte[]> publisher;
  private final PubSubHub hub;
  private final Subscription subscription = new Subscription();
  private final AtomicBoolean up = new AtomicBoolean();
  private final AtomicBoolean lostSinceUp = new AtomicBoolean();
  private final LongAdder received = new LongAdder();
  private final LongAdder ignoredOwn = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder resubscriptions = new LongAdder();
  private volatile boolean subscribed;
  private volatile boolean closed;

  /**
   * A bus for {@code cache}; call {@link #ensureSubscribed()} to start receiving.
   *
   * @param origin this instance's id
   * @param hub the shared pub/sub connection
   * @param publisher publishes {@code (channel, bytes)} on a command connection
   */
  public RedisChannel(String cache, String origin, ChannelListener listener,
      PubSubHub hub, BiConsumer<String, byte[]> publisher) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.channel = "caskade:inv:" + cache;
    this.origin = Objects.requireNonNull(origin, "origin");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.hub = Objects.requireNonNull(hub, "hub");
    this.publisher = publisher;
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
    if (subscribed || closed) {
      return;
    }
    hub.subscribe(channel, subscription);
    subscribed = true;
    up.set(true);
  }

  /** The bytes of a message of {@code kind} from this instance, for a publisher of its own. */
  public byte[] message(InvalidationMessage.Kind kind, List<String> keys, String tag,
      long version) {
    return MessageFormat.encode(new InvalidationMessage(cache, kind, keys, tag, version, origin));
  }

  /** Publishes {@code kind} for this cache; throws what the publisher throws. */
  public void publish(InvalidationMessage.Kind kind, List<String> keys, String tag,
      long version) {
    publisher.accept(channel,
        MessageFormat.encode(new InvalidationMessage(cache, kind, keys, tag, version, origin)));
  }

  /** True while the subscription is believed to be live. */
  public boolean isUp() {
    return up.get() && subscribed;
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
    up.set(false);
    if (subscribed) {
      subscribed = false;
      hub.unsubscribe(channel, subscription);
    }
  }

  /** What the shared connection tells this bus. */
  private final class Subscription implements PubSubHub.Subscriber {
    @Override
    public void onMessage(byte[] message) {
      dispatch(message);
    }

    @Override
    public void onDisconnected() {
      if (!closed && up.compareAndSet(true, false)) {
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
    public void onReconnected() {
      if (!closed && lostSinceUp.compareAndSet(true, false)) {
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
  }
}
