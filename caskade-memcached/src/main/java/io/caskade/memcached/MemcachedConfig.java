package io.caskade.memcached;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a memcached fleet and how to treat its servers; immutable, built by
 * {@link #builder(String)} from {@code memcached://h1:p,h2:p,h3:p} (port 11211 when omitted).
 *
 * <p>Defaults: 250 ms per operation (no call waits longer), 1 s to connect, reconnect attempts
 * at most 1 s apart, items up to 1 MiB (memcached's {@code -I} default), a breaker per server that
 * opens at 50 % failures over its last 10 calls (at least 5) and lets a probe through after 1 s.
 */
public final class MemcachedConfig {

  private final List<MemcachedServer> servers;
  private final Duration operationTimeout;
  private final Duration connectTimeout;
  private final Duration maxReconnectBackoff;
  private final int maxItemBytes;
  private final float breakerFailureRate;
  private final int breakerWindow;
  private final Duration breakerOpenFor;

  private MemcachedConfig(Builder b) {
    this.servers = List.copyOf(b.servers);
    this.operationTimeout = b.operationTimeout;
    this.connectTimeout = b.connectTimeout;
    this.maxReconnectBackoff = b.maxReconnectBackoff;
    this.maxItemBytes = b.maxItemBytes;
    this.breakerFailureRate = b.breakerFailureRate;
    this.breakerWindow = b.breakerWindow;
    this.breakerOpenFor = b.breakerOpenFor;
  }

  /** A builder for the servers of {@code uri}, e.g. {@code memcached://10.0.0.1:11211,10.0.0.2}. */
  public static Builder builder(String uri) {
    return new Builder(parse(uri));
  }

  /** A configuration with every default for the servers of {@code uri}. */
  public static MemcachedConfig of(String uri) {
    return builder(uri).build();
  }

  /** The servers of a {@code memcached://h1:p,h2:p} URI, in order. */
  public static List<MemcachedServer> parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    String prefix = "memcached://";
    if (!uri.startsWith(prefix)) {
      throw new IllegalArgumentException("not a memcached:// URI: " + uri);
    }
    String rest = uri.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash);
    }
    List<MemcachedServer> servers = new ArrayList<>();
    for (String part : rest.split(",")) {
      String hostPort = part.trim();
      if (hostPort.isEmpty()) {
        throw new IllegalArgumentException("empty server in " + uri);
      }
      URI u = URI.create("memcached://" + hostPort);
      if (u.getHost() == null) {
        throw new IllegalArgumentException("bad server '" + hostPort + "' in " + uri);
      }
      MemcachedServer server = new MemcachedServer(u.getHost(), u.getPort() < 0 ? 11211
          : u.getPort());
      if (servers.contains(server)) {
        throw new IllegalArgumentException("server " + server + " listed twice in " + uri);
      }
      servers.add(server);
    }
    return servers;
  }

  /** The servers, in the order given (ketama does not depend on it). */
  public List<MemcachedServer> servers() {
    return servers;
  }

  /** The longest any single memcached call may take; past it the call fails (a miss). */
  public Duration operationTimeout() {
    return operationTimeout;
  }

  /** The longest a connection attempt may take. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The longest pause between two reconnection attempts to a server that went away. */
  public Duration maxReconnectBackoff() {
    return maxReconnectBackoff;
  }

  /** The servers' item size limit (their {@code -I}); larger values are refused. */
  public int maxItemBytes() {
    return maxItemBytes;
  }

  /** The failure rate, in percent, at which a server's breaker opens. */
  public float breakerFailureRate() {
    return breakerFailureRate;
  }

  /** How many recent calls a server's breaker judges. */
  public int breakerWindow() {
    return breakerWindow;
  }

  /** How long an open breaker refuses calls before it lets a probe through. */
  public Duration breakerOpenFor() {
    return breakerOpenFor;
  }

  @Override
  public String toString() {
    return "MemcachedConfig{servers=" + servers + ", operationTimeout=" + operationTimeout
        + ", maxItemBytes=" + maxItemBytes + '}';
  }

  /** Builds a {@link MemcachedConfig}. */
  public static final class Builder {
    private final List<MemcachedServer> servers;
    private Duration operationTimeout = Duration.ofMillis(250);
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration maxReconnectBackoff = Duration.ofSeconds(1);
    private int maxItemBytes = 1024 * 1024;
    private float breakerFailureRate = 50f;
    private int breakerWindow = 10;
    private Duration breakerOpenFor = Duration.ofSeconds(1);

    private Builder(List<MemcachedServer> servers) {
      if (servers.isEmpty()) {
        throw new IllegalArgumentException("no memcached server");
      }
      this.servers = servers;
    }

    /** The longest a single call may take (default 250 ms). */
    public Builder operationTimeout(Duration timeout) {
      this.operationTimeout = positive(timeout, "operationTimeout");
      return this;
    }

    /** The longest a connection attempt may take (default 1 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The longest pause between reconnection attempts (default 1 s). */
    public Builder maxReconnectBackoff(Duration backoff) {
      this.maxReconnectBackoff = positive(backoff, "maxReconnectBackoff");
      return this;
    }

    /** The servers' item size limit, their {@code -I} (default 1 MiB). */
    public Builder maxItemBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxItemBytes must be at least 1024: " + bytes);
      }
      this.maxItemBytes = bytes;
      return this;
    }

    /** The failure rate (percent) that opens a server's breaker (default 50). */
    public Builder breakerFailureRate(float percent) {
      if (percent <= 0 || percent > 100) {
        throw new IllegalArgumentException("breakerFailureRate must be in (0, 100]: " + percent);
      }
      this.breakerFailureRate = percent;
      return this;
    }

    /** How many recent calls a breaker judges (default 10; it judges from half of them on). */
    public Builder breakerWindow(int calls) {
      if (calls < 2) {
        throw new IllegalArgumentException("breakerWindow must be at least 2: " + calls);
      }
      this.breakerWindow = calls;
      return this;
    }

    /** How long an open breaker refuses calls (default 1 s). */
    public Builder breakerOpenFor(Duration duration) {
      this.breakerOpenFor = positive(duration, "breakerOpenFor");
      return this;
    }

    /** The configuration. */
    public MemcachedConfig build() {
      return new MemcachedConfig(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
