package io.caskade.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Wraps a real writer: records every batch it is given, can fail a batch on purpose (by a
 * predicate on the batch) and can hold the flusher's batches (not a caller's write-through) at a
 * gate until the test opens it.
 */
final class ScriptedWriter implements SequencedWriter<String, String> {

  private static final WriteSequence SEQUENCES = WriteSequence.on(io.caskade.time.CacheClock.system());

  private final CacheWriter<String, String> target;
  final List<List<PendingWrite<String, String>>> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger failures = new AtomicInteger();
  volatile Predicate<List<PendingWrite<String, String>>> failWhen = b -> false;
  volatile CountDownLatch gate;
  final CountDownLatch entered = new CountDownLatch(1);
  private final boolean sequenced;

  ScriptedWriter(CacheWriter<String, String> target, boolean sequenced) {
    this.target = target;
    this.sequenced = sequenced;
  }

  /** As a plain CacheWriter (the flusher then uses writeAll/deleteAll). */
  CacheWriter<String, String> plain() {
    ScriptedWriter self = this;
    return new CacheWriter<>() {
      @Override
      public void write(String key, String value) throws Exception {
        self.write(key, value);
      }

      @Override
      public void delete(String key) throws Exception {
        self.delete(key);
      }

      @Override
      public void writeAll(Map<? extends String, ? extends String> entries) throws Exception {
        List<PendingWrite<String, String>> batch = new ArrayList<>();
        entries.forEach((k, v) -> batch.add(new PendingWrite<>(k, v, 0, 0, null)));
        self.before(batch);
        target.writeAll(entries);
      }

      @Override
      public void deleteAll(Collection<? extends String> keys) throws Exception {
        List<PendingWrite<String, String>> batch = new ArrayList<>();
        keys.forEach(k -> batch.add(new PendingWrite<>(k, null, 0, 0, null)));
        self.before(batch);
        target.deleteAll(keys);
      }
    };
  }

  private void before(List<PendingWrite<String, String>> batch) throws Exception {
    calls.add(List.copyOf(batch));
    entered.countDown();
    CountDownLatch g = gate;
    if (g != null && Thread.currentThread().getName().startsWith("caskade-write-behind-")) {
      g.await();
    }
    if (failWhen.test(batch)) {
      failures.incrementAndGet();
      throw new java.sql.SQLTransientConnectionException("scripted failure of " + batch);
    }
  }

  @Override
  public void apply(List<PendingWrite<String, String>> changes) throws Exception {
    before(changes);
    if (sequenced) {
      ((SequencedWriter<String, String>) target).apply(changes);
    } else {
      new WriteApplier<>(target).apply(changes);
    }
  }

  @Override
  public void write(String key, String value) throws Exception {
    apply(List.of(new PendingWrite<>(key, value, SEQUENCES.next(), 0, null)));
  }

  @Override
  public void delete(String key) throws Exception {
    apply(List.of(new PendingWrite<>(key, null, SEQUENCES.next(), 0, null)));
  }

  int rowsWritten() {
    return calls.stream().mapToInt(List::size).sum();
  }
}
