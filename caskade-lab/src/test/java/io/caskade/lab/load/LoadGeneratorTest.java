package io.caskade.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  @Test
  void stopsByItselfAtTheRequestBudgetAndCountsErrors() throws Exception {
    AtomicLong served = new AtomicLong();
    RequestHandler everyThirdFails = key -> {
      if (served.incrementAndGet() % 3 == 0) {
        throw new IllegalStateException("boom");
      }
    };
    LoadTarget target = new LoadTarget() {
      @Override
      public List<RequestHandler> instances() {
        return List.of(everyThirdFails, everyThirdFails);
      }

      @Override
      public Counters counters() {
        return new Counters(served.get(), 0, 0, 0);
      }
    };
    LoadSpec spec = new LoadSpec(4, Duration.ofMinutes(5), 3_000, 1, Duration.ofMillis(50),
        Duration.ZERO);
    LoadResult result = new LoadGenerator(spec).run(target, KeyDistribution.uniform(1, 10),
        LoadObserver.NONE);
    assertThat(result.requests()).isEqualTo(3_000);
    assertThat(result.errors()).isEqualTo(1_000);
    assertThat(result.counters().sourceQueries()).isEqualTo(3_000);
    assertThat(result.timeline()).isNotEmpty();
    assertThat(result.maxMicros()).isGreaterThanOrEqualTo(result.p99Micros())
        .isGreaterThanOrEqualTo(0);
  }
}
