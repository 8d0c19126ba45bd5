package io.caskade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of our own with {@code wal_level=logical}, for tests and lab runs that need
 * logical decoding (the shared server runs {@code wal_level=replica}). {@code initdb} in a
 * temporary directory, a free loopback port, trust authentication for user {@code postgres},
 * database {@code postgres}. Run as root (as in CI), {@code initdb} and the server run as the
 * {@code postgres} operating-system user. The server is stopped by its own pid (from
 * {@code postmaster.pid}), never by name.
 *
 * <p>The binaries come from {@code PG_BIN} when set, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} holding {@code initdb} (Debian's postgresql package).
 */
public final class PostgresProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final int port;
  private long pid;

  private PostgresProcess(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** The directory holding {@code initdb} and {@code pg_ctl}, if PostgreSQL is installed. */
  public static Optional<Path> binaries() {
    String env = System.getenv("PG_BIN");
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env.trim());
      return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(PostgresProcess::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** True when {@link #start()} can work here. */
  public static boolean available() {
    return binaries().isPresent();
  }

  /**
   * Initialises a cluster in a temporary directory and starts it with logical WAL on a free port.
   *
   * @throws IllegalStateException when PostgreSQL is not installed or does not start
   */
  public static PostgresProcess start() {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException(
        "PostgreSQL binaries not found: install the postgresql package (initdb under "
            + "/usr/lib/postgresql/<version>/bin) or set PG_BIN"));
    Path dir;
    try {
      dir = Files.createTempDirectory("caskade-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PostgresProcess p = new PostgresProcess(bin, dir, FreePorts.find(false));
    try {
      p.initdb();
      p.launch();
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}; user {@code postgres}, no password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The user to connect as: {@code postgres}. */
  public String user() {
    return "postgres";
  }

  /** A new JDBC connection to the {@code postgres} database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), "");
  }

  /** The postmaster's operating-system pid. */
  public synchronized long pid() {
    return pid;
  }

  /** Stops the server (fast shutdown, by pid) and starts it again on the same port and data. */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops the server and deletes its directory; idempotent. */
  @Override
  public synchronized void close() {
    stop();
    RedisProcess.deleteRecursively(dir);
  }

  private void initdb() {
    Path data = dir.resolve("data");
    if (asRoot()) {
      run(List.of("chown", "postgres:postgres", dir.toString()));
    }
    run(asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
        "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")));
  }

  private synchronized void launch() {
    Path data = dir.resolve("data");
    String options = "-p " + port + " -c listen_addresses=127.0.0.1"
        + " -c unix_socket_directories=" + dir + " -c wal_level=logical"
        + " -c max_wal_senders=10 -c max_replication_slots=10 -c fsync=off"
        + " -c full_page_writes=off -c max_connections=100";
    run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("postgres.log").toString(), "-w", "-t",
        String.valueOf(START_TIMEOUT.toSeconds()), "-o", options, "start")));
    try {
      pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void stop() {
    if (pid <= 0) {
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      run(List.of("kill", "-INT", String.valueOf(pid)));  // fast shutdown
      try {
        handle.get().onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        run(List.of("kill", "-KILL", String.valueOf(pid)));
      }
    }
    pid = 0;
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asPostgres(List<String> cmd) {
    if (!asRoot()) {
      return cmd;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(cmd);
    return wrapped;
  }

  private void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out + log());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String log() {
    try {
      return "\n" + Files.readString(dir.resolve("postgres.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "PostgresProcess{port=" + port + ", pid=" + pid + ", dir=" + dir + '}';
  }
}
