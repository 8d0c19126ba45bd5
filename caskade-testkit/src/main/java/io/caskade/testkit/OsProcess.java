package io.caskade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server process a test started and owns: spawned with its output in a log file, killed with the
 * JVM at the latest, waited for until it answers, and signalled (STOP, CONT, KILL) by its own pid —
 * never a shared server. What {@link RedisProcess} and {@link MemcachedProcess} share.
 */
final class OsProcess {

  private final Process process;
  private final String what;

  private OsProcess(Process process, String what) {
    this.process = process;
    this.what = what;
  }

  /**
   * Starts {@code command} with its output in {@code log} and waits until {@code ready} answers
   * true; a process that dies or does not answer within {@code timeout} is killed and the failure
   * says what its log said.
   *
   * @param what the server, for messages, e.g. {@code "redis-server on port 6380"}
   */
  static OsProcess launch(List<String> command, Path log, BooleanSupplier ready, Duration timeout,
      String what) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    ProcessHandle handle = process.toHandle();
    Runtime.getRuntime().addShutdownHook(new Thread(handle::destroyForcibly));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(what + " did not start: " + readLog(log));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return new OsProcess(process, what);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends {@code kill -<name>} to the process; nothing when it is gone already (or went while the
   * signal was on its way).
   */
  void signal(String name) {
    if (!process.isAlive()) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
          .redirectErrorStream(true).start();
      boolean sent = kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
      if (!sent && !process.waitFor(1, TimeUnit.SECONDS)) { // not sent, and not exited meanwhile
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL (after SIGCONT, in case it was paused), then waits up to 10 s for it to exit. */
  void kill() {
    signal("CONT");
    signal("KILL");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(what + " (pid " + process.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String readLog(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
