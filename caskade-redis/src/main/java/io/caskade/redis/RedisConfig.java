package io.caskade.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where Redis is: one standalone server or the seed nodes of a Redis Cluster.
 *
 * <p>URIs follow Lettuce's syntax: {@code redis://host:port/db}, {@code rediss://} for TLS, and
 * {@code redis://user:password@host} for ACL users ({@code redis://:password@host} for the
 * default user). {@link #parse(String)} also accepts {@code redis+cluster://} and
 * {@code rediss+cluster://} with comma-separated seed nodes:
 * {@code redis+cluster://user:pw@10.0.0.1:7000,10.0.0.2:7000}.
 */
public final class RedisConfig {

  private final List<String> uris;
  private final boolean cluster;

  private RedisConfig(List<String> uris, boolean cluster) {
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("at least one Redis URI is needed");
    }
    this.uris = List.copyOf(uris);
    this.cluster = cluster;
    this.uris.forEach(RedisURI::create); // validate early
  }

  /** A standalone server, e.g. {@code redis://127.0.0.1:6379}. */
  public static RedisConfig standalone(String uri) {
    return new RedisConfig(List.of(Objects.requireNonNull(uri, "uri")), false);
  }

  /** A Redis Cluster reached through these seed nodes. */
  public static RedisConfig cluster(List<String> seeds) {
    return new RedisConfig(new ArrayList<>(seeds), true);
  }

  /** {@link #cluster(List)} with varargs. */
  public static RedisConfig cluster(String... seeds) {
    return cluster(List.of(seeds));
  }

  /**
   * A configuration from one URI: {@code redis://} and {@code rediss://} are standalone;
   * {@code redis+cluster://} and {@code rediss+cluster://} list cluster seeds separated by commas.
   */
  public static RedisConfig parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd < 0) {
      throw new IllegalArgumentException("not a Redis URI: " + uri);
    }
    String scheme = uri.substring(0, schemeEnd);
    if (!scheme.endsWith("+cluster")) {
      return standalone(uri);
    }
    String base = scheme.substring(0, scheme.length() - "+cluster".length());
    String rest = uri.substring(schemeEnd + 3);
    int at = rest.lastIndexOf('@');
    String userInfo = at < 0 ? "" : rest.substring(0, at + 1);
    String hostsAndPath = at < 0 ? rest : rest.substring(at + 1);
    int slash = hostsAndPath.indexOf('/');
    String hosts = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
    String path = slash < 0 ? "" : hostsAndPath.substring(slash);
    List<String> seeds = new ArrayList<>();
    for (String host : hosts.split(",")) {
      if (!host.isBlank()) {
        seeds.add(base + "://" + userInfo + host.trim() + path);
      }
    }
    return cluster(seeds);
  }

  /** True for a Redis Cluster. */
  public boolean isCluster() {
    return cluster;
  }

  /** The URIs: one for standalone, the seeds for a cluster. */
  public List<String> uris() {
    return uris;
  }

  /** True when the connection uses TLS ({@code rediss://}). */
  public boolean isTls() {
    return RedisURI.create(uris.get(0)).isSsl();
  }

  /** The ACL user name, or null for the default user. */
  public String username() {
    String uri = uris.get(0);
    int start = uri.indexOf("://") + 3;
    int at = uri.indexOf('@', start);
    int slash = uri.indexOf('/', start);
    if (at < 0 || (slash >= 0 && slash < at)) {
      return null;
    }
    String userInfo = uri.substring(start, at);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? null : userInfo.substring(0, colon);
    return user == null || user.isEmpty() ? null : user;
  }

  /** Lettuce URIs with {@code timeout} as their command timeout (for every client the module opens). */
  public List<RedisURI> redisUris(Duration timeout) {
    List<RedisURI> result = new ArrayList<>();
    for (String uri : uris) {
      RedisURI r = RedisURI.create(uri);
      r.setTimeout(timeout);
      result.add(r);
    }
    return result;
  }

  @Override
  public String toString() {
    List<String> masked = new ArrayList<>();
    for (String uri : uris) {
      masked.add(uri.replaceAll("//[^@/]*@", "//***@"));
    }
    return "RedisConfig{" + (cluster ? "cluster " : "") + masked + '}';
  }
}
