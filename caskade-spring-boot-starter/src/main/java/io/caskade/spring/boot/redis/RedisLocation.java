package io.caskade.spring.boot.redis;

import io.caskade.redis.RedisConfig;
import org.springframework.core.env.Environment;

/**
 * Where the application's Redis is, from its properties: {@code caskade.redis.url}, else
 * {@code spring.data.redis.url}, else {@code spring.data.redis.host} (with port, username,
 * password, database and ssl.enabled), else nowhere.
 *
 * @param config the connection, or null when none is configured
 * @param from the property it came from (for the log)
 */
public record RedisLocation(RedisConfig config, String from) {

  /** The location configured in {@code env}. */
  public static RedisLocation of(Environment env) {
    String url = env.getProperty("caskade.redis.url");
    if (has(url)) {
      return new RedisLocation(RedisConfig.parse(url), "caskade.redis.url");
    }
    url = env.getProperty("spring.data.redis.url");
    if (has(url)) {
      return new RedisLocation(RedisConfig.parse(url), "spring.data.redis.url");
    }
    String host = env.getProperty("spring.data.redis.host");
    if (has(host)) {
      boolean ssl = env.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false);
      String user = env.getProperty("spring.data.redis.username");
      String password = env.getProperty("spring.data.redis.password");
      String auth = has(password) ? (has(user) ? user : "") + ":" + password + "@" : "";
      String uri = (ssl ? "rediss://" : "redis://") + auth + host + ":"
          + env.getProperty("spring.data.redis.port", "6379") + "/"
          + env.getProperty("spring.data.redis.database", "0");
      return new RedisLocation(RedisConfig.parse(uri), "spring.data.redis.host");
    }
    return new RedisLocation(null, null);
  }

  /** True when Redis is configured. */
  public boolean isPresent() {
    return config != null;
  }

  private static boolean has(String s) {
    return s != null && !s.isBlank();
  }
}
