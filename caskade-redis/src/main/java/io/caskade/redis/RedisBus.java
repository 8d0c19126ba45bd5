package io.caskade.redis;

import io.caskade.bus.BusListener;
import io.caskade.bus.InvalidationBus;
import io.caskade.bus.InvalidationMessage;
import io.caskade.redis.bus.ChannelListener;
import io.caskade.redis.bus.RedisChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation bus on Redis pub/sub (channel {@code caskade:inv:<cache>}), usable with any
 * store ({@code Tiers.compose(store).bus(RedisBus.on(platform))}). Key invalidations are numbered
 * per partition ({@link SequencedInvalidations}, after Hazelcast's near cache): a receiver that
 * finds a gap, or finds Redis ahead of what it heard, drops only those partitions' keys from L1.
 *
 * <p>While the subscription is down but Redis still answers commands, L1 stays trusted: the
 * maintenance task compares the partitions' numbers with Redis at every tick and drops only those
 * that moved. Only when Redis cannot be asked either does L1 stop trusting itself
 * ({@link BusListener#onBusDown()}), until the subscription is back ({@link BusListener#onAll()}).
 */
public final class RedisBus implements InvalidationBus {

  private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

  private final RedisPlatform platform;
  private final RedisConnection redis;
  private final Guard guard;
  private final int partitions;
  private final long refreshNanos;
  private final Duration maintenanceInterval;
  private final String origin = UUID.randomUUID().toString();
  private volatile String cache;
  private volatile BusListener listener;
  private volatile RedisChannel channel;
  private volatile SequencedInvalidations sequenced;
  private volatile ScheduledFuture<?> maintenance;
  /** The bus is down and L1 was told to stop trusting itself (Redis unreachable too). */
  private volatile boolean distrusted;
  /** The subscription came back without distrust: compare sequences on the next maintenance. */
  private volatile boolean resyncNeeded;
  /**
   * The subscription was lost before the numbers were first compared with Redis: nothing tells
   * what was missed, so its return clears L1.
   */
  private volatile boolean lostBeforeBaseline;
  private volatile boolean closed;

  /** @param maintenanceInterval how often to run {@link #maintain()}; null: the owner runs it */
  RedisBus(RedisPlatform platform, Guard guard, int partitions, long refreshNanos,
      Duration maintenanceInterval) {
    this.platform = platform;
    this.redis = platform.commandConnection();
    this.guard = guard;
    this.partitions = partitions;
    this.refreshNanos = refreshNanos;
    this.maintenanceInterval = maintenanceInterval;
  }

  /**
   * A bus on the application's {@code platform} with 256 partitions, a 1 s periodic check for
   * silently lost messages and its own breaker (for a tier whose store is not Redis).
   */
  public static RedisBus on(RedisPlatform platform) {
    Objects.requireNonNull(platform, "platform");
    Guard guard = new Guard("bus", RedisTierBuilder.defaultBreaker(Duration.ofSeconds(1)),
        new TierCounters(), platform.deadlines(), platform.commandTimeout().toNanos());
    return new RedisBus(platform, guard, io.caskade.bus.Partitions.DEFAULT_COUNT,
        Duration.ofSeconds(1).toNanos(), Duration.ofMillis(100));
  }

  /** This instance's id on the bus. */
  public String origin() {
    return origin;
  }

  @Override
  public synchronized void start(String cacheName, BusListener busListener) {
    if (channel != null) {
      throw new IllegalStateException("this Redis bus already serves cache '" + cache + "'");
    }
    this.cache = Objects.requireNonNull(cacheName, "cache");
    this.listener = Objects.requireNonNull(busListener, "listener");
    this.sequenced = new SequencedInvalidations(cacheName, partitions, refreshNanos);
    this.channel = new RedisChannel(cacheName, origin, new Handler(), platform.pubSub(),
        (ch, bytes) -> commands().publish(ch, bytes));
    channel.message(InvalidationMessage.Kind.ALL, List.of(), null, 0); // the JSON writer, warm
    try {
      channel.ensureSubscribed();
      // the baseline at once: before it, a lost subscription could not tell what it missed
      guard.call("sequence baseline", () -> sequenced.resync(commands()));
    } catch (RuntimeException e) {
      log.warn("cache '{}': bus not subscribed yet ({}); retrying in the background", cacheName,
          e.toString());
    }
    if (maintenanceInterval != null) { // else the tier that made it runs maintain()
      maintenance = platform.scheduleMaintenance(this::maintain, maintenanceInterval);
    }
  }

  /** Subscribes now, throwing what subscribing threw (for a check at build). */
  void subscribeOrThrow() {
    channel.ensureSubscribed();
  }

  @Override
  public void publishKeys(List<String> keys) {
    InvalidationMessage.Kind kind = keys.size() == 1 ? InvalidationMessage.Kind.KEY
        : InvalidationMessage.Kind.KEYS;
    RedisChannel c = channel;
    byte[] message = c.message(kind, keys, null, 0); // outside the deadline: only Redis counts
    guard.run("publish", () -> sequenced.publish(commands(), c.channel(), message, keys));
  }

  @Override
  public void publishTag(String tag, long version) {
    RedisChannel c = channel;
    byte[] message = c.message(InvalidationMessage.Kind.TAG, List.of(), tag, version);
    guard.run("publish", () -> commands().publish(c.channel(), message));
  }

  @Override
  public void publishNamespace(long generation) {
    RedisChannel c = channel;
    byte[] message = c.message(InvalidationMessage.Kind.NAMESPACE, List.of(), null, generation);
    guard.run("publish", () -> commands().publish(c.channel(), message));
  }

  /**
   * The command connection, opened on first use: with a store that is not Redis (Memcached, say)
   * nothing else opens it.
   */
  private io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, byte[]> commands() {
    redis.connect();
    return redis.sync();
  }

  @Override
  public boolean isUp() {
    RedisChannel c = channel;
    return c != null && c.isUp();
  }

  RedisChannel channel() {
    return channel;
  }

  long partitionsLost() {
    SequencedInvalidations s = sequenced;
    return s == null ? 0 : s.partitionsLost();
  }

  /**
   * Runs on the maintenance thread: subscribes if not yet, then the numbered invalidations' half:
   * while the subscription is down (and L1 still trusted) or just came back, compare with Redis
   * and drop the partitions that moved; while it is up, the periodic check for silent losses. If
   * Redis cannot be asked while the bus is down, L1 stops trusting itself.
   */
  void maintain() {
    RedisChannel c = channel;
    if (closed || c == null) {
      return;
    }
    try {
      if (!redis.isConnected()) {
        redis.connect();
      }
      if (!c.isUp() && redis.isConnected()) {
        c.ensureSubscribed();
      }
    } catch (RuntimeException e) {
      log.debug("cache '{}': bus subscription attempt failed: {}", cache, e.toString());
    }
    try {
      Set<Integer> lost;
      if ((!c.isUp() && !distrusted) || resyncNeeded) {
        lost = guard.call("sequence resync", () -> sequenced.resync(commands()));
        resyncNeeded = false;
      } else if (c.isUp()) {
        lost = guard.call("sequence check", () -> sequenced.checkIfDue(commands()));
      } else {
        return;
      }
      if (!lost.isEmpty()) {
        log.info("cache '{}': invalidations missed in {} partition(s); dropping their keys from L1",
            cache, lost.size());
        listener.onKeysLost(sequenced.affected(lost));
      }
    } catch (RuntimeException e) {
      if (!c.isUp() && !distrusted) {
        distrust();
      } else if (resyncNeeded) {
        resyncNeeded = false;
        listener.onAll(); // came back but cannot compare: clear all, as without sequences
      }
      log.debug("cache '{}': sequence check failed: {}", cache, e.toString());
    }
  }

  /** Invalidations can be neither heard nor compared: L1 stops trusting what it holds. */
  private void distrust() {
    distrusted = true;
    listener.onBusDown();
  }

  @Override
  public synchronized void close() {
    closed = true;
    ScheduledFuture<?> task = maintenance;
    if (task != null) {
      task.cancel(false);
    }
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "RedisBus{" + cache + ", " + (isUp() ? "up" : "down") + '}';
  }

  /** Hands other instances' messages to the listener. */
  private final class Handler implements ChannelListener {
    @Override
    public void onMessage(InvalidationMessage m) {
      BusListener l = listener;
      switch (m.kind()) {
        case KEY, KEYS -> {
          Set<Integer> gaps = sequenced.onMessage(m.seqs());
          if (!gaps.isEmpty()) {
            log.info("cache '{}': invalidations lost in {} partition(s) {}; dropping their "
                + "keys from L1", cache, gaps.size(), gaps);
            l.onKeysLost(sequenced.affected(gaps));
          }
          l.onKeys(m.keys());
        }
        case TAG -> l.onTag(m.tag(), m.version());
        case NAMESPACE -> l.onNamespace(m.version());
        case ALL -> l.onAll();
        default -> log.debug("cache '{}': ignoring bus message {}", cache, m);
      }
    }

    @Override
    public void onOwnMessage(InvalidationMessage m) {
      if (m.kind() == InvalidationMessage.Kind.KEY || m.kind() == InvalidationMessage.Kind.KEYS) {
        Set<Integer> gaps = sequenced.onMessage(m.seqs()); // our numbers: heard, not gaps
        if (!gaps.isEmpty()) {
          log.info("cache '{}': invalidations lost in {} partition(s) {}; dropping their "
              + "keys from L1", cache, gaps.size(), gaps);
          listener.onKeysLost(sequenced.affected(gaps));
        }
      }
    }

    /** L1 stays trusted while Redis still answers commands (see the class comment). */
    @Override
    public void onLost() {
      if (!sequenced.isBaselined()) {
        lostBeforeBaseline = true;
      }
      if (!guard.callersAllowed()) {
        distrust();
      }
    }

    @Override
    public void onResubscribed() {
      if (distrusted) {
        distrusted = false;
        listener.onAll(); // also re-reads generation and tag versions
      } else if (lostBeforeBaseline) {
        lostBeforeBaseline = false;
        resyncNeeded = true; // the baseline, if the maintenance has not taken it meanwhile
        listener.onAll();
      } else {
        listener.onReconnected();
        resyncNeeded = true; // on the maintenance thread, not on Lettuce's
      }
    }
  }
}
