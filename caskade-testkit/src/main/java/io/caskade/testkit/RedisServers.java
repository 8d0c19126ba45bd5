package io.caskade.testkit;

import java.net.URI;

/**
 * The Redis that tests (and the lab) talk to, found once per JVM:
 *
 * <ol>
 *   <li>{@code REDIS_URL} when set (used as is, never probed away);
 *   <li>else {@code redis://127.0.0.1:6379} when it answers PING;
 *   <li>else — only when {@code CI} is not {@code true} — a real redis-server of our own on a free
 *       port ({@link RedisProcess}: PATH binary, else embedded-redis's), stopped at JVM exit.
 * </ol>
 *
 * With {@code CI=true} a missing Redis is a failure ({@link IllegalStateException}), never a skip:
 * CI starts the local server itself.
 */
public final class RedisServers {

  private static final String LOCAL = "redis://127.0.0.1:6379";
  private static String shared;
  private static RedisProcess embedded;

  private RedisServers() {}

  /** The URI of the shared Redis, e.g. {@code redis://127.0.0.1:6379}. */
  public static synchronized String shared() {
    if (shared == null) {
      shared = find();
    }
    return shared;
  }

  /** True when {@code CI=true} in the environment. */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static String find() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      return url.trim();
    }
    if (Resp.answersPing("127.0.0.1", 6379, 500)) {
      return LOCAL;
    }
    if (inCi()) {
      throw new IllegalStateException("CI=true but no Redis answers on 127.0.0.1:6379 and "
          + "REDIS_URL is not set; CI must start redis-server before the tests");
    }
    embedded = RedisProcess.start();
    RedisProcess started = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "caskade-embedded-redis"));
    return started.uri();
  }

  /** Host of a {@code redis://host:port} URI (for tools that want host and port apart). */
  public static String host(String uri) {
    return URI.create(uri).getHost();
  }

  /** Port of a {@code redis://host:port} URI; 6379 when absent. */
  public static int port(String uri) {
    int port = URI.create(uri).getPort();
    return port < 0 ? 6379 : port;
  }
}
