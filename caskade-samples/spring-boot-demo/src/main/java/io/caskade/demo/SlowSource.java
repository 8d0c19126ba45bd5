package io.caskade.demo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Every repository read goes through here: it adds {@code demo.source-latency} (default 50 ms,
 * the cost of a real query under load) so a herd is visible, and counts reads in the
 * {@code demo.repository.reads} meter.
 */
@Component
public class SlowSource {

  private final UserRepository repository;
  private final Duration latency;
  private final Counter reads;

  public SlowSource(UserRepository repository,
      @Value("${demo.source-latency:50ms}") Duration latency, MeterRegistry registry) {
    this.repository = repository;
    this.latency = latency;
    this.reads = Counter.builder("demo.repository.reads")
        .description("reads that reached the database").register(registry);
  }

  public Optional<User> findById(long id) {
    reads.increment();
    LockSupport.parkNanos(latency.toNanos());
    return repository.findById(id);
  }
}
