package io.caskade.redis;

import io.caskade.tier.VersionStore;
import io.lettuce.core.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Namespace generations and tag versions in Redis ({@link ClockCounters}: kept above the server
 * clock in microseconds, so a counter Redis lost is re-created above every number issued before).
 * Counter {@code <cache>/gen} is Redis key {@code c:<cache>:gen}, {@code <cache>/tag/<tag>} is
 * {@code c:<cache>:tag:<tag>}. Reads of several counters are one MGET (one per slot on a Cluster,
 * by Lettuce). Every call goes through a {@link Guard}.
 */
public final class RedisVersionStore implements VersionStore {

  private final RedisConnection redis;
  private final Guard guard;

  RedisVersionStore(RedisConnection redis, Guard guard) {
    this.redis = redis;
    this.guard = guard;
  }

  /**
   * Versions on the application's {@code platform}, with its command timeout and a breaker of
   * their own (for a tier composed of parts from several servers).
   */
  public static RedisVersionStore on(RedisPlatform platform) {
    Objects.requireNonNull(platform, "platform");
    TierCounters counters = new TierCounters();
    Guard guard = new Guard("versions", RedisTierBuilder.defaultBreaker(
        java.time.Duration.ofSeconds(1)), counters, platform.deadlines(),
        platform.commandTimeout().toNanos());
    return new RedisVersionStore(platform.commandConnection(), guard);
  }

  /** The Redis key of a counter. */
  static String redisKey(String counter) {
    int tag = counter.indexOf("/tag/");
    if (tag >= 0) {
      return "c:" + counter.substring(0, tag) + ":tag:" + counter.substring(tag + 5);
    }
    if (counter.endsWith("/gen")) {
      return "c:" + counter.substring(0, counter.length() - 4) + ":gen";
    }
    return "c:" + counter.replace('/', ':');
  }

  @Override
  public long read(String counter) {
    String key = redisKey(counter);
    return guard.call("version read", () -> {
      redis.connect();
      return ClockCounters.read(redis.sync(), key);
    });
  }

  @Override
  public long[] readAll(List<String> counters) {
    String[] keys = counters.stream().map(RedisVersionStore::redisKey).toArray(String[]::new);
    return guard.call("version read", () -> {
      redis.connect();
      List<KeyValue<String, byte[]>> values = redis.sync().mget(keys);
      long[] v = new long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        KeyValue<String, byte[]> kv = values.get(i);
        // a missing counter (never bumped, or lost) is created above everything issued before
        v[i] = kv.hasValue()
            ? Long.parseLong(new String(kv.getValue(), StandardCharsets.US_ASCII))
            : ClockCounters.read(redis.sync(), keys[i]);
      }
      return v;
    });
  }

  @Override
  public long bump(String counter) {
    String key = redisKey(counter);
    return guard.call("version bump", () -> {
      redis.connect();
      return ClockCounters.bump(redis.sync(), key);
    });
  }
}
