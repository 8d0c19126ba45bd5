package io.caskade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process of our own, on a free loopback port, for tests that kill, pause
 * or restart Redis. It never touches a server it did not start: every signal goes to its own pid.
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.start()) {
 *   RedisTier tier = ...redis.uri()...;
 *   redis.pause();   // SIGSTOP: connections stay open, nothing answers
 *   redis.resume();  // SIGCONT
 *   redis.kill();    // SIGKILL: connections reset, data gone
 *   redis.restart(); // the same port again
 * }
 * }</pre>
 *
 * The binary is {@code redis-server} from PATH, else the one bundled with embedded-redis. The
 * server keeps nothing on disk; its working directory is deleted by {@link #close()}.
 */
public final class RedisProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private OsProcess process;

  private RedisProcess(int port, Path dir, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** Starts a plain redis-server on a free port and waits until it answers PING. */
  public static RedisProcess start() {
    return start(false);
  }

  /**
   * Starts a redis-server with extra configuration arguments (e.g. {@code "--cluster-enabled",
   * "yes"}) on a free port.
   */
  public static RedisProcess start(String... extraArgs) {
    return start(false, extraArgs);
  }

  static RedisProcess start(boolean clusterNode, String... extraArgs) {
    int port = FreePorts.find(clusterNode);
    Path dir;
    try {
      dir = Files.createTempDirectory("caskade-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisProcess p = new RedisProcess(port, dir, List.of(extraArgs));
    p.launch();
    return p;
  }

  /** The port this server listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code "127.0.0.1"}. */
  public String host() {
    return "127.0.0.1";
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The operating-system pid of the running server. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("not running");
    }
    return process.pid();
  }

  /** True while the process is alive (a paused process is alive). */
  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: the server dies at once, without closing connections politely; its data is lost. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.kill();
    process = null;
  }

  /** SIGSTOP: the server stops answering but keeps its connections open. */
  public synchronized void pause() {
    signal("STOP");
  }

  /** SIGCONT: a paused server carries on. */
  public synchronized void resume() {
    signal("CONT");
  }

  /** Kills the server if it runs, then starts a fresh one on the same port and waits for PING. */
  public synchronized void restart() {
    kill();
    launch();
  }

  /** Kills the server (resuming it first if paused) and deletes its directory; idempotent. */
  @Override
  public synchronized void close() {
    kill();
    deleteRecursively(dir);
  }

  Path dir() {
    return dir;
  }

  private synchronized void launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(RedisBinaries.server().toString());
    cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--protected-mode", "no", "--daemonize", "no"));
    cmd.addAll(extraArgs);
    process = OsProcess.launch(cmd, dir.resolve("redis.log"),
        () -> Resp.answersPing("127.0.0.1", port, 200), START_TIMEOUT,
        "redis-server on port " + port);
  }

  private void signal(String name) {
    if (process != null) {
      process.signal(name);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "RedisProcess{port=" + port + (process == null ? ", stopped" : ", pid=" + process.pid())
        + '}';
  }
}
