package io.caskade.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.caskade.time.FakeClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Write sequences are per component, on its clock: exact under a fake clock, no shared state. */
class WriteSequenceTest {

  @Test
  void followsItsClockAndNeverRepeatsWithinAMillisecond() {
    FakeClock clock = new FakeClock();
    WriteSequence seq = WriteSequence.on(clock);
    long ms = TimeUnit.NANOSECONDS.toMillis(clock.nanos());
    assertThat(seq.next()).isEqualTo(ms << 20);
    assertThat(seq.next()).isEqualTo((ms << 20) + 1);
    clock.advance(Duration.ofMillis(5));
    assertThat(seq.next()).isEqualTo((ms + 5) << 20);
    assertThat(WriteSequence.epochMillis(seq.next())).isEqualTo(ms + 5);
  }

  @Test
  void twoInstancesInOneJvmShareNothing() {
    FakeClock a = new FakeClock();
    FakeClock b = new FakeClock();
    WriteSequence first = WriteSequence.on(a);
    WriteSequence second = WriteSequence.on(b);
    for (int i = 0; i < 1_000; i++) {
      first.next();
    }
    assertThat(second.next()).as("unaffected by the other instance")
        .isEqualTo(TimeUnit.NANOSECONDS.toMillis(b.nanos()) << 20);
  }

  @Test
  void neverGoesBackWhenTheClockDoes() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(
        TimeUnit.SECONDS.toNanos(1_000));
    WriteSequence seq = WriteSequence.on(now::get); // a wall clock that can be stepped back
    long before = seq.next();
    now.addAndGet(-TimeUnit.SECONDS.toNanos(5));
    assertThat(seq.next()).isGreaterThan(before);
  }

  @Test
  void uniqueUnderConcurrency() throws Exception {
    WriteSequence seq = WriteSequence.on(new FakeClock());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Long>>> parts = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        parts.add(pool.submit(() -> {
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < 10_000; i++) {
            mine.add(seq.next());
          }
          return mine;
        }));
      }
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> f : parts) {
        all.addAll(f.get(10, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(80_000);
    } finally {
      pool.shutdownNow();
    }
  }
}
