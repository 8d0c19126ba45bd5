package io.caskade.memcached;

import io.caskade.testkit.MemcachedProcess;
import java.util.ArrayList;
import java.util.List;

/** Memcached processes of a test, started on free ports and stopped by pid. */
final class Servers implements AutoCloseable {

  final List<MemcachedProcess> processes = new ArrayList<>();

  private Servers() {}

  /** {@code n} fresh servers (each with {@code args}). Fails when memcached is not installed. */
  static Servers start(int n, String... args) {
    Servers s = new Servers();
    try {
      for (int i = 0; i < n; i++) {
        s.processes.add(MemcachedProcess.start(args));
      }
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  String uri() {
    return MemcachedProcess.uri(processes);
  }

  MemcachedProcess get(int i) {
    return processes.get(i);
  }

  /** The process listening on {@code server}'s port. */
  MemcachedProcess of(MemcachedServer server) {
    return processes.stream().filter(p -> p.port() == server.port()).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    processes.forEach(MemcachedProcess::close);
  }
}
