package io.caskade.lab.scenario;

import io.caskade.lab.load.Counters;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RMapCache;
import org.redisson.api.RedissonClient;
import org.redisson.api.map.MapLoader;
import org.redisson.api.options.MapCacheOptions;
import org.redisson.codec.TypedJsonJacksonCodec;
import org.redisson.config.Config;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.Jackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * N application instances that cache with one of Caskade's peers instead, over the same
 * repository and the same Redis as the Caskade variants, with the hot key's TTL of the herd:
 *
 * <ul>
 *   <li>{@link Kind#SPRING_REDIS_SYNC}: Spring Data Redis's {@code RedisCache} with the semantics
 *       of {@code @Cacheable(sync = true)} as Spring Data Redis 3.x implemented them: a miss
 *       takes the cache instance's lock, looks again, loads and puts (one load per instance per
 *       expiry, no fleet-wide coordination). Spring Data Redis 4.0's own
 *       {@code get(key, loader)} takes no lock with the default (non-locking) writer — measured
 *       in this scenario: 40–88 queries for one expiry — so the lock is written out here. The
 *       writer writes immediately ({@code immediateWrites()}): 4.0's default writes
 *       asynchronously, and the lock's waiters would miss and load again.
 *   <li>{@link Kind#REDISSON_MAP_LOADER}: an {@code RMapCache} with a {@code MapLoader}; Redisson
 *       loads a missing entry under its own per-key lock. A loader's entry has no TTL, so the
 *       instance that loaded gives it the herd's TTL with {@code expireEntry} right after.
 *   <li>{@link Kind#REDISSON_RLOCK}: hand-written cache-aside on an {@code RBucket} with an
 *       {@code RLock} per key around look-again, load and {@code set(value, ttl)}; a caller that
 *       cannot get the lock within 2 s (the Caskade lease wait) fails.
 * </ul>
 */
final class PeerFleet implements Fleet {

  /** Which peer caches. */
  enum Kind { SPRING_REDIS_SYNC, REDISSON_MAP_LOADER, REDISSON_RLOCK }

  static final Duration LOCK_WAIT = Duration.ofSeconds(2);

  private final FragileDatabase database;
  private final UserRepository repository;
  private final List<RequestHandler> handlers = new ArrayList<>();
  private final List<ExpiryWaves> waves = new ArrayList<>();
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final LongAdder hits = new LongAdder();

  PeerFleet(LabContext context, Kind kind, String name, Duration ttl) {
    this.database = context.database();
    this.repository = database.newRepository();
    String url = L2Tiers.redisUrl(context);
    try {
      for (int i = 0; i < context.settings().instances(); i++) {
        ExpiryWaves w = new ExpiryWaves(ttl.dividedBy(2));
        waves.add(w);
        handlers.add(switch (kind) {
          case SPRING_REDIS_SYNC -> spring(url, name, ttl, w);
          case REDISSON_MAP_LOADER -> mapLoader(redisson(url), name, ttl, w);
          case REDISSON_RLOCK -> rlock(redisson(url), name, ttl, w);
        });
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private RequestHandler spring(String url, String name, Duration ttl, ExpiryWaves w) {
    URI uri = URI.create(url);
    LettuceConnectionFactory factory = new LettuceConnectionFactory(
        new RedisStandaloneConfiguration(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()));
    factory.afterPropertiesSet();
    factory.start();
    clients.add(factory::destroy);
    // immediateWrites: Spring Data Redis 4's default writer puts asynchronously, so the callers
    // queued on the lock would look again before the SET lands and load again
    RedisCacheManager manager = RedisCacheManager.builder(
            RedisCacheWriter.create(factory, writer -> writer.immediateWrites()))
        .cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
            .entryTtl(ttl)
            .serializeValuesWith(SerializationPair.fromSerializer(
                new Jackson2JsonRedisSerializer<>(User.class))))
        .build();
    manager.afterPropertiesSet();
    RedisCache cache = (RedisCache) manager.getCache(name);
    ReentrantLock lock = new ReentrantLock();
    return key -> {
      if (cache.get(key) != null) {
        hits.increment();
        return;
      }
      w.missed();
      lock.lock();
      try {
        if (cache.get(key) == null) {
          User user = repository.find(key).orElse(null);
          if (user != null) {
            cache.put(key, user);
          }
        }
        w.stored();
      } finally {
        lock.unlock();
      }
    };
  }

  private RedissonClient redisson(String url) {
    Config config = new Config();
    config.useSingleServer().setAddress(url);
    RedissonClient client = Redisson.create(config);
    clients.add(client::shutdown);
    return client;
  }

  private RequestHandler mapLoader(RedissonClient client, String name, Duration ttl,
      ExpiryWaves w) {
    AtomicBoolean needsTtl = new AtomicBoolean();
    RMapCache<Long, User> map = client.getMapCache(MapCacheOptions.<Long, User>name(name)
        .codec(new TypedJsonJacksonCodec(Long.class, User.class))
        .loader(new MapLoader<>() {
          @Override
          public User load(Long key) {
            w.missed();
            User user = repository.find(key).orElse(null);
            needsTtl.set(true);
            return user;
          }

          @Override
          public Iterable<Long> loadAllKeys() {
            return List.of();
          }
        }));
    return key -> {
      map.get(key);
      if (needsTtl.compareAndSet(true, false)) {
        map.expireEntry(key, ttl, Duration.ZERO);
        w.stored();
      } else {
        hits.increment();
      }
    };
  }

  private RequestHandler rlock(RedissonClient client, String name, Duration ttl, ExpiryWaves w) {
    TypedJsonJacksonCodec codec = new TypedJsonJacksonCodec(User.class);
    return key -> {
      RBucket<User> bucket = client.getBucket(name + ":" + key, codec);
      if (bucket.get() != null) {
        hits.increment();
        return;
      }
      w.missed();
      RLock lock = client.getLock(name + ":lock:" + key);
      if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("no lock on " + key + " within " + LOCK_WAIT);
      }
      try {
        if (bucket.get() == null) {
          User user = repository.find(key).orElse(null);
          if (user != null) {
            bucket.set(user, ttl);
          }
        }
        w.stored();
      } finally {
        lock.unlock();
      }
    };
  }

  /** Expiry waves of the busiest instance, as in {@link CachedFleet#expiryWaves()}. */
  long expiryWaves() {
    return waves.stream().mapToLong(ExpiryWaves::waves).max().orElse(0);
  }

  @Override
  public List<RequestHandler> instances() {
    return List.copyOf(handlers);
  }

  @Override
  public Counters counters() {
    return new Counters(repository.counter().queries(), 0, hits.sum(), 0);
  }

  @Override
  public int sourceWaiting() {
    return database.waitingCallers();
  }

  @Override
  public UserRepository repository() {
    return repository;
  }

  @Override
  public void close() {
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        // closing one client must not keep the others open
      }
    }
  }
}
