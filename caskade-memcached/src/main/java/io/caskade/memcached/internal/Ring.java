package io.caskade.memcached.internal;

import com.spotify.folsom.RawMemcacheClient;
import com.spotify.folsom.guava.HostAndPort;
import com.spotify.folsom.ketama.AddressAndClient;
import com.spotify.folsom.ketama.Continuum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ketama consistent hashing over the servers, with Folsom's own continuum (the points Folsom's
 * ketama client would choose): a key always goes to the same server, and a server that is down
 * is not replaced (its keys miss until it is back) so no other server receives copies that could
 * go stale.
 */
public final class Ring {

  private final Continuum continuum;
  private final Map<RawMemcacheClient, Node> nodes = new IdentityHashMap<>();
  private final List<Node> all;

  /** A ring over {@code nodes}. */
  public Ring(List<Node> nodes) {
    List<AddressAndClient> points = new ArrayList<>();
    for (Node n : nodes) {
      RawMemcacheClient raw = n.client().getRawMemcacheClient();
      this.nodes.put(raw, n);
      points.add(new AddressAndClient(HostAndPort.fromParts(n.server().host(),
          n.server().port()), raw));
    }
    this.continuum = new Continuum(points);
    this.all = List.copyOf(nodes);
  }

  /** The server that holds {@code itemKey}. */
  public Node route(String itemKey) {
    if (all.size() == 1) {
      return all.get(0);
    }
    Node n = nodes.get(continuum.findClient(itemKey.getBytes(StandardCharsets.US_ASCII)));
    if (n == null) {
      throw new IllegalStateException("ketama chose an unknown server for " + itemKey);
    }
    return n;
  }

  /** Every node. */
  public List<Node> nodes() {
    return all;
  }
}
