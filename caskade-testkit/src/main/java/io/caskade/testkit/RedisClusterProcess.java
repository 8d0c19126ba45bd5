package io.caskade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, each its own
 * {@link RedisProcess}, created with {@code redis-cli --cluster create}. {@link #close()} stops
 * every node by pid and deletes their directories.
 */
public final class RedisClusterProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisProcess> nodes;

  private RedisClusterProcess(List<RedisProcess> nodes) {
    this.nodes = nodes;
  }

  /** Starts three masters, joins them into a cluster and waits for {@code cluster_state:ok}. */
  public static RedisClusterProcess start() {
    List<RedisProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(RedisProcess.start(true, "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000"));
      }
      RedisClusterProcess cluster = new RedisClusterProcess(List.copyOf(nodes));
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException e) {
      nodes.forEach(RedisProcess::close);
      throw e;
    }
  }

  /** The nodes, in creation order. */
  public List<RedisProcess> nodes() {
    return nodes;
  }

  /** Seed URIs of every node, {@code redis://127.0.0.1:<port>}. */
  public List<String> uris() {
    List<String> uris = new ArrayList<>();
    nodes.forEach(n -> uris.add(n.uri()));
    return uris;
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }

  private void create() {
    List<String> cmd = new ArrayList<>(List.of(RedisBinaries.cli().toString(), "--cluster",
        "create"));
    nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitOk() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (allOk()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cluster did not reach cluster_state:ok: " + nodes);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private boolean allOk() {
    for (RedisProcess node : nodes) {
      try {
        String info = Resp.command(node.host(), node.port(), 500, "CLUSTER", "INFO");
        if (info == null || !info.contains("cluster_state:ok")) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "RedisClusterProcess" + nodes;
  }
}
