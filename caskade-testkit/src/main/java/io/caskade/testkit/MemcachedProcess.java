package io.caskade.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code memcached} process of our own, on a free loopback port, for tests that kill, pause or
 * restart Memcached. It never touches a server it did not start: every signal goes to its own
 * pid.
 *
 * <pre>{@code
 * try (MemcachedProcess mc = MemcachedProcess.start()) {
 *   mc.address();    // "127.0.0.1:<port>"
 *   mc.pause();      // SIGSTOP: connections stay open, nothing answers
 *   mc.resume();     // SIGCONT
 *   mc.kill();       // SIGKILL: connections reset, every item gone
 *   mc.restart();    // an empty server on the same port
 * }
 * }</pre>
 *
 * The binary is {@code memcached} from PATH (Debian package {@code memcached}); {@link #available()}
 * tells whether it is there. The server runs in the foreground of its process, 64 MiB of memory,
 * default item size limit (1 MiB) unless other arguments say otherwise.
 */
public final class MemcachedProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path log;
  private final List<String> extraArgs;
  private OsProcess process;

  private MemcachedProcess(int port, Path log, List<String> extraArgs) {
    this.port = port;
    this.log = log;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** True when a {@code memcached} binary is on PATH. */
  public static boolean available() {
    return binary() != null;
  }

  /**
   * Starts a memcached on a free port, with extra arguments (e.g. {@code "-I", "2m"}), and waits
   * until it answers {@code version}.
   */
  public static MemcachedProcess start(String... extraArgs) {
    if (!available()) {
      throw new IllegalStateException("memcached is not on PATH: install it (Debian: apt-get "
          + "install memcached)");
    }
    int port = FreePorts.find(false);
    Path log;
    try {
      log = Files.createTempFile("caskade-memcached-" + port + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MemcachedProcess p = new MemcachedProcess(port, log, List.of(extraArgs));
    p.launch();
    return p;
  }

  /** The port this server listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code "127.0.0.1:<port>"}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code memcached://127.0.0.1:<port>}. */
  public String uri() {
    return "memcached://" + address();
  }

  /** {@code memcached://a,b,c} for several servers (the order is kept). */
  public static String uri(List<MemcachedProcess> servers) {
    StringBuilder b = new StringBuilder("memcached://");
    for (int i = 0; i < servers.size(); i++) {
      b.append(i == 0 ? "" : ",").append(servers.get(i).address());
    }
    return b.toString();
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

  /** SIGKILL: the server dies at once; every item is lost. */
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

  /** Kills the server if it runs, then starts an empty one on the same port. */
  public synchronized void restart() {
    kill();
    launch();
  }

  /** Sends {@code command} (one line, e.g. {@code "flush_all"}) and returns the first reply line. */
  public String command(String command) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("memcached on port " + port + ": " + command, e);
    }
  }

  /** Kills the server (resuming it first if paused) and deletes its log; idempotent. */
  @Override
  public synchronized void close() {
    kill();
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a log left in the temp directory is harmless
    }
  }

  private synchronized void launch() {
    List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-p", String.valueOf(port),
        "-U", "0", "-l", "127.0.0.1", "-m", "64", "-c", "4096", "-t", "2"));
    if (isRoot()) {
      cmd.addAll(List.of("-u", "root"));
    }
    cmd.addAll(extraArgs);
    process = OsProcess.launch(cmd, log, this::answers, START_TIMEOUT,
        "memcached on port " + port);
  }

  private boolean answers() {
    try {
      return command("version").startsWith("VERSION");
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private void signal(String name) {
    if (process != null) {
      process.signal(name);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, "memcached");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    Path debian = Path.of("/usr/bin/memcached");
    return Files.isExecutable(debian) ? debian : null;
  }

  @Override
  public String toString() {
    return "MemcachedProcess{port=" + port + (process == null ? ", stopped"
        : ", pid=" + process.pid()) + '}';
  }
}
