package io.caskade.memcached;

import java.util.Objects;

/**
 * One memcached server of a fleet.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record MemcachedServer(String host, int port) {

  /** Checks the fields. */
  public MemcachedServer {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("empty memcached host");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("bad memcached port " + port);
    }
  }

  /** {@code host:port} (the form ketama hashes). */
  @Override
  public String toString() {
    return host + ":" + port;
  }
}
