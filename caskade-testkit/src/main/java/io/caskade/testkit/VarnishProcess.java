package io.caskade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code varnishd} of our own (Debian {@code varnish}), on a free loopback port, with its own
 * working directory ({@code -n}) in a temporary directory, run in the foreground ({@code -F}) as a
 * child process and stopped by its pid. Never touches a Varnish it did not start.
 *
 * <pre>{@code
 * try (VarnishProcess varnish = VarnishProcess.start(vclText)) {
 *   URI edge = varnish.uri();
 * }
 * }</pre>
 */
public final class VarnishProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> SEARCH =
      List.of("/usr/sbin/varnishd", "/usr/local/sbin/varnishd", "/usr/bin/varnishd");

  private final int port;
  private final Path dir;
  private final Process process;

  private VarnishProcess(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /** The varnishd binary: on PATH or in the usual sbin directories; empty when not installed. */
  public static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> candidates = new ArrayList<>();
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty()) {
        candidates.add(d + "/varnishd");
      }
    }
    candidates.addAll(SEARCH);
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** Starts varnishd with {@code vcl} and waits until it accepts connections. */
  public static VarnishProcess start(String vcl) {
    Path bin = binary().orElseThrow(() -> new IllegalStateException(
        "varnishd not installed: apt-get install -y varnish varnish-modules"));
    int port = FreePorts.find(false);
    Path dir;
    try {
      dir = Files.createTempDirectory("caskade-varnish-" + port + "-");
      Path file = dir.resolve("caskade.vcl");
      Files.writeString(file, vcl, StandardCharsets.UTF_8);
      List<String> cmd = List.of(bin.toString(), "-F", "-j", "none",
          "-n", dir.resolve("n").toString(),
          "-a", "127.0.0.1:" + port,
          "-f", file.toString(),
          "-s", "malloc,64m",
          "-T", "none");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("varnishd.log").toFile()).start();
      VarnishProcess v = new VarnishProcess(port, dir, p);
      v.awaitListening();
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = log();
        deleteDir();
        throw new IllegalStateException("varnishd exited with " + process.exitValue() + ":\n"
            + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    close();
    throw new IllegalStateException("varnishd did not listen on " + port + " within "
        + START_TIMEOUT);
  }

  /** The port Varnish listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** The manager's pid. */
  public long pid() {
    return process.pid();
  }

  /** What varnishd wrote so far (start-up messages, VCL errors). */
  public String log() {
    try {
      return Files.readString(dir.resolve("varnishd.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops varnishd (SIGTERM to its pid, then SIGKILL) and deletes its directory. Idempotent. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    deleteDir();
  }

  private void deleteDir() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp directory
    }
  }
}
