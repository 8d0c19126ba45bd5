package io.caskade.jcache.config;

import io.caskade.jcache.CaskadeConfiguration;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * The settings of one cache in a configuration file; every field is optional (null = keep the
 * default). Durations are ISO-8601 ({@code PT10M}) or a number with a unit ({@code 500ms},
 * {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}).
 */
public final class CacheSettings {

  /** Lifetime of an entry; how it is counted is {@link #expiry}. */
  public String ttl;
  /** {@code created} (default), {@code modified}, {@code accessed} or {@code touched}. */
  public String expiry;
  public Long maximumSize;
  /** Redis URI of the shared L2 tier. */
  public String redis;
  /** The cache's name in Redis (default: its JCache name). */
  public String redisName;
  /** false = no in-process L1 (strict coherence across instances through L2). */
  public Boolean l1;
  public String l1MaxLifetime;
  /** How long a miss waits for the first missing caller's put (see CaskadeConfiguration#herdWait). */
  public String herdWait;
  /** Read-through windows (see CaskadeConfiguration). */
  public String refreshAhead;
  public String staleWhileRevalidate;
  public String staleIfError;
  /** XFetch beta for read-through (0 = off). */
  public Double earlyRefresh;
  public Boolean statistics;
  public Boolean management;
  public Boolean storeByValue;
  public String keyType;
  public String valueType;

  /** {@code this} with the unset fields taken from {@code defaults}. */
  CacheSettings over(CacheSettings defaults) {
    if (defaults == null) {
      return this;
    }
    CacheSettings m = new CacheSettings();
    m.ttl = ttl != null ? ttl : defaults.ttl;
    m.expiry = expiry != null ? expiry : defaults.expiry;
    m.maximumSize = maximumSize != null ? maximumSize : defaults.maximumSize;
    m.redis = redis != null ? redis : defaults.redis;
    m.redisName = redisName != null ? redisName : defaults.redisName;
    m.l1 = l1 != null ? l1 : defaults.l1;
    m.l1MaxLifetime = l1MaxLifetime != null ? l1MaxLifetime : defaults.l1MaxLifetime;
    m.herdWait = herdWait != null ? herdWait : defaults.herdWait;
    m.refreshAhead = refreshAhead != null ? refreshAhead : defaults.refreshAhead;
    m.staleWhileRevalidate = staleWhileRevalidate != null ? staleWhileRevalidate
        : defaults.staleWhileRevalidate;
    m.staleIfError = staleIfError != null ? staleIfError : defaults.staleIfError;
    m.earlyRefresh = earlyRefresh != null ? earlyRefresh : defaults.earlyRefresh;
    m.statistics = statistics != null ? statistics : defaults.statistics;
    m.management = management != null ? management : defaults.management;
    m.storeByValue = storeByValue != null ? storeByValue : defaults.storeByValue;
    m.keyType = keyType != null ? keyType : defaults.keyType;
    m.valueType = valueType != null ? valueType : defaults.valueType;
    return m;
  }

  /** The JSR-107 part, for caches the file declares (types, expiry, statistics...). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void applyJCache(MutableConfiguration config) {
    if (keyType != null || valueType != null) {
      config.setTypes(type(keyType), type(valueType));
    }
    if (ttl != null) {
      javax.cache.expiry.Duration d = new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS,
          duration(ttl).toMillis());
      String kind = expiry == null ? "created" : expiry.toLowerCase(Locale.ROOT);
      config.setExpiryPolicyFactory(switch (kind) {
        case "created" -> CreatedExpiryPolicy.factoryOf(d);
        case "modified" -> ModifiedExpiryPolicy.factoryOf(d);
        case "accessed" -> AccessedExpiryPolicy.factoryOf(d);
        case "touched" -> TouchedExpiryPolicy.factoryOf(d);
        default -> throw new IllegalArgumentException("unknown expiry '" + expiry
            + "': created, modified, accessed or touched");
      });
    } else if ("eternal".equalsIgnoreCase(expiry)) {
      config.setExpiryPolicyFactory(FactoryBuilder.factoryOf(EternalExpiryPolicy.class));
    }
    if (statistics != null) {
      config.setStatisticsEnabled(statistics);
    }
    if (management != null) {
      config.setManagementEnabled(management);
    }
    if (storeByValue != null) {
      config.setStoreByValue(storeByValue);
    }
  }

  /** The Caskade part (L2, L1 size and lifetime), for every cache of that name. */
  public void applyCaskade(CaskadeConfiguration<?, ?> config) {
    if (redis != null && config.getRedisUri() == null) {
      config.redis(redis);
    }
    if (redisName != null) {
      config.redisName(redisName);
    }
    if (Boolean.FALSE.equals(l1)) {
      config.disableL1();
    }
    if (maximumSize != null) {
      config.maximumSize(maximumSize);
    }
    if (l1MaxLifetime != null) {
      config.l1MaxLifetime(duration(l1MaxLifetime));
    }
    if (herdWait != null) {
      config.herdWait(duration(herdWait));
    }
    if (refreshAhead != null) {
      config.refreshAhead(duration(refreshAhead));
    }
    if (staleWhileRevalidate != null) {
      config.staleWhileRevalidate(duration(staleWhileRevalidate));
    }
    if (staleIfError != null) {
      config.staleIfError(duration(staleIfError));
    }
    if (earlyRefresh != null) {
      config.earlyRefresh(earlyRefresh);
    }
  }

  private static Class<?> type(String name) {
    if (name == null) {
      return Object.class;
    }
    try {
      return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown type " + name, e);
    }
  }

  /** Parses {@code PT10M} or {@code 10m}-style durations. */
  static Duration duration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("pt") || t.startsWith("p")) {
      return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
    }
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("not a duration: " + s);
    }
    long n = Long.parseLong(t.substring(0, i));
    return switch (t.substring(i).trim()) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("not a duration: " + s);
    };
  }
}
