package io.caskade.memcached;

import io.caskade.memcached.internal.Node;
import io.caskade.memcached.internal.Ring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections to a memcached fleet: one Folsom connection and one circuit breaker per
 * server, and the ketama ring that says which server holds a key. Shared by the stores, leases
 * and version stores of every cache that uses the fleet; closed by its owner after them (closing
 * a store or a version store leaves the fleet open).
 *
 * <pre>{@code
 * MemcachedFleet fleet = MemcachedFleet.connect(MemcachedConfig.of("memcached://m1:11211,m2:11211"));
 * }</pre>
 */
public final class MemcachedFleet implements AutoCloseable {

  private final MemcachedConfig config;
  private final Ring ring;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MemcachedFleet(MemcachedConfig config, Ring ring) {
    this.config = config;
    this.ring = ring;
  }

  /**
   * Connects to every server of {@code config}, waiting up to its connect timeout for them; a
   * server that does not answer yet is retried in the background (its keys miss meanwhile).
   */
  public static MemcachedFleet connect(MemcachedConfig config) {
    List<Node> nodes = new ArrayList<>();
    for (MemcachedServer s : config.servers()) {
      nodes.add(new Node(s, config));
    }
    long wait = config.connectTimeout().toMillis();
    for (Node n : nodes) {
      n.awaitConnected(wait);
    }
    return new MemcachedFleet(config, new Ring(nodes));
  }

  /** A fleet connected with every default for {@code uri} ({@code memcached://h1:p,h2:p}). */
  public static MemcachedFleet connect(String uri) {
    return connect(MemcachedConfig.of(uri));
  }

  /** The configuration. */
  public MemcachedConfig config() {
    return config;
  }

  /** A new version store over this fleet (closing it leaves the fleet open). */
  public MemcachedVersionStore versions() {
    return new MemcachedVersionStore(this);
  }

  /** The server that holds {@code itemKey} (a memcached key as the store writes it). */
  public MemcachedServer serverOf(String itemKey) {
    return ring.route(itemKey).server();
  }

  /** Each server's state: connection and breaker, e.g. {@code "connected, breaker CLOSED"}. */
  public Map<MemcachedServer, String> states() {
    Map<MemcachedServer, String> states = new LinkedHashMap<>();
    for (Node n : ring.nodes()) {
      states.put(n.server(), (n.isConnected() ? "connected" : "disconnected") + ", breaker "
          + n.breakerState());
    }
    return states;
  }

  Ring ring() {
    return ring;
  }

  Node route(String itemKey) {
    return ring.route(itemKey);
  }

  /** Closes every connection; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ring.nodes().forEach(Node::close);
    }
  }

  @Override
  public String toString() {
    return "MemcachedFleet" + states();
  }
}
