package io.caskade.lab.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs closed-loop load: {@link LoadSpec#clients()} threads, each sending its next request as
 * soon as the last returned, until the duration or the request budget runs out. Always stops by
 * itself; a client stuck past the grace period after the end is interrupted.
 */
public final class LoadGenerator {

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final LoadSpec spec;

  /** A generator for {@code spec}; one generator can run many times. */
  public LoadGenerator(LoadSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** Sends the load to {@code target} and measures it. Blocks until the run ends. */
  public LoadResult run(LoadTarget target, KeyDistribution keys, LoadObserver observer)
      throws InterruptedException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(observer, "observer");
    List<RequestHandler> instances = List.copyOf(target.instances());
    if (instances.isEmpty()) {
      throw new IllegalArgumentException("target has no instances");
    }
    Run run = new Run(target, observer);
    List<Thread> clients = new ArrayList<>(spec.clients());
    for (int i = 0; i < spec.clients(); i++) {
      RequestHandler handler = instances.get(i % instances.size());
      LongSupplier chooser = keys.chooser(new SplittableRandom(spec.seed() + i));
      Thread t = new Thread(() -> run.client(handler, chooser), "lab-client-" + i);
      t.setDaemon(true);
      clients.add(t);
    }
    clients.forEach(Thread::start);
    run.release(); // every client starts at once, none while the others are still being started
    run.sampleUntilDone();
    run.stop.set(true);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (Thread t : clients) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        t.interrupt();
      }
    }
    return run.finish();
  }

  /** The state of one run, shared by its client threads and the sampler. */
  private final class Run {
    final LoadTarget target;
    final LoadObserver observer;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong budget = new AtomicLong(spec.maxRequests());
    final CountDownLatch clientsDone = new CountDownLatch(spec.clients());
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final Recorder recorder = new Recorder(3);
    final Histogram total = new Histogram(3);
    final List<TimelinePoint> timeline = new ArrayList<>();
    /** Opened once every client thread is started: the run's clock starts then. */
    final CountDownLatch startGate = new CountDownLatch(1);
    long startNanos = System.nanoTime();
    final long thinkNanos = spec.thinkTime().toNanos();
    final Counters base;
    Histogram interval;
    Counters last;
    long lastRequests;
    long lastErrors;
    long lastSampleNanos = startNanos;
    int peakWaiting;

    Run(LoadTarget target, LoadObserver observer) {
      this.target = target;
      this.observer = observer;
      this.base = target.counters();
      this.last = base;
    }

    /** Starts the run's clock and lets every client go. */
    void release() {
      startNanos = System.nanoTime();
      lastSampleNanos = startNanos;
      startGate.countDown();
    }

    void client(RequestHandler handler, LongSupplier chooser) {
      try {
        try {
          startGate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        while (!stop.get() && budget.getAndDecrement() > 0) {
          long key = chooser.getAsLong();
          long t0 = System.nanoTime();
          try {
            handler.handle(key);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.increment();
          } catch (Exception e) {
            errors.increment();
          }
          recorder.recordValue(Math.max(0, (System.nanoTime() - t0) / 1_000));
          requests.increment();
          if (thinkNanos > 0) {
            LockSupport.parkNanos(thinkNanos);
          }
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
        }
      } finally {
        clientsDone.countDown();
      }
    }

    void sampleUntilDone() throws InterruptedException {
      long end = startNanos + spec.duration().toNanos();
      while (true) {
        long wait = Math.min(spec.sampleInterval().toNanos(), end - System.nanoTime());
        boolean allDone = wait <= 0 || clientsDone.await(wait, TimeUnit.NANOSECONDS);
        sample();
        if (allDone || System.nanoTime() >= end) {
          return;
        }
      }
    }

    void sample() {
      long now = System.nanoTime();
      double seconds = Math.max(1e-3, (now - lastSampleNanos) / 1e9);
      interval = recorder.getIntervalHistogram(interval);
      total.add(interval);
      if (!timeline.isEmpty() && now - lastSampleNanos < spec.sampleInterval().toNanos() / 2) {
        return;  // a sliver after the end: folded into the totals, too short for a rate
      }
      Counters current = target.counters();
      Counters delta = current.minus(last);
      long reqs = requests.sum();
      long errs = errors.sum();
      long dReq = reqs - lastRequests;
      long dErr = errs - lastErrors;
      int waiting = target.sourceWaiting();
      peakWaiting = Math.max(peakWaiting, waiting);
      TimelinePoint point = new TimelinePoint((now - startNanos) / 1e9, dReq / seconds,
          delta.sourceQueries() / seconds,
          interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99),
          ratio(delta.l1Hits(), dReq), ratio(delta.l2Hits(), dReq - delta.l1Hits()),
          dErr / seconds, waiting);
      timeline.add(point);
      last = current;
      lastRequests = reqs;
      lastErrors = errs;
      lastSampleNanos = now;
      double byTime = (now - startNanos) / (double) spec.duration().toNanos();
      double byBudget = reqs / (double) spec.maxRequests();
      observer.onSample(point, Math.min(1.0, Math.max(byTime, byBudget)));
    }

    LoadResult finish() {
      sample();
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      double peak = timeline.stream().mapToDouble(TimelinePoint::sourceQueriesPerSecond).max()
          .orElse(0);
      long count = total.getTotalCount();
      return new LoadResult(requests.sum(), errors.sum(), elapsed,
          count == 0 ? 0 : total.getValueAtPercentile(50),
          count == 0 ? 0 : total.getValueAtPercentile(99),
          count == 0 ? 0 : total.getValueAtPercentile(99.9),
          count == 0 ? 0 : total.getMaxValue(),
          target.counters().minus(base), peak, peakWaiting, timeline);
    }

    private double ratio(long part, long whole) {
      return whole <= 0 ? 0.0 : Math.min(1.0, Math.max(0.0, part / (double) whole));
    }
  }
}
