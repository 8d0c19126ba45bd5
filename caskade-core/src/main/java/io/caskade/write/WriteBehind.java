package io.caskade.write;

import io.caskade.time.CacheClock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a write-behind flusher and its in-memory queue. Immutable; build with
 * {@link #builder()}.
 *
 * <pre>{@code
 * WriteBehind settings = WriteBehind.builder()
 *     .batchSize(500).maxDelay(Duration.ofMillis(200))
 *     .maxAttempts(6).backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
 *     .capacity(50_000).whenFull(FullQueuePolicy.block(Duration.ofSeconds(1)))
 *     .closeDeadline(Duration.ofSeconds(10))
 *     .build();
 * Cache<Long, User> users = Caskade.<Long, User>builder("users")
 *     .writeBehind(writer, new InMemoryWriteBehindQueue<>("users", settings))
 *     .build();
 * }</pre>
 */
public final class WriteBehind {

  private final int batchSize;
  private final Duration maxDelay;
  private final int maxAttempts;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final double jitter;
  private final Duration closeDeadline;
  private final int capacity;
  private final FullQueuePolicy whenFull;
  private final int deadLetterCapacity;
  private final CacheClock clock;

  private WriteBehind(Builder b) {
    this.batchSize = b.batchSize;
    this.maxDelay = b.maxDelay;
    this.maxAttempts = b.maxAttempts;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.jitter = b.jitter;
    this.closeDeadline = b.closeDeadline;
    this.capacity = b.capacity;
    this.whenFull = b.whenFull;
    this.deadLetterCapacity = b.deadLetterCapacity;
    this.clock = b.clock;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: see {@link Builder}. */
  public static WriteBehind defaults() {
    return builder().build();
  }

  /** Most distinct keys per writer call (default 100). */
  public int batchSize() {
    return batchSize;
  }

  /** Longest a change waits for its batch to fill before it is written (default 200 ms). */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** Attempts per change before it is dead-lettered (default 5). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Delay before the first retry; doubles per attempt up to {@link #backoffMax()}. */
  public Duration backoffBase() {
    return backoffBase;
  }

  /** Longest delay between attempts (default 10 s). */
  public Duration backoffMax() {
    return backoffMax;
  }

  /** Fraction of each delay that is random, 0 to 1 (default 0.5: delay × [0.5, 1]). */
  public double jitter() {
    return jitter;
  }

  /** How long {@code close()} keeps flushing before it gives up (default 10 s). */
  public Duration closeDeadline() {
    return closeDeadline;
  }

  /** In-memory queue: most distinct keys waiting for the flusher (default 10,000). */
  public int capacity() {
    return capacity;
  }

  /** In-memory queue: what a write of a new key does when the queue is full. */
  public FullQueuePolicy whenFull() {
    return whenFull;
  }

  /** The clock of the queue's write sequences (default the system clock). */
  public CacheClock clock() {
    return clock;
  }

  /** In-memory queue: dead letters kept (oldest dropped beyond it; default 10,000). */
  public int deadLetterCapacity() {
    return deadLetterCapacity;
  }

  @Override
  public String toString() {
    return "WriteBehind{batch=" + batchSize + ", maxDelay=" + maxDelay + ", attempts="
        + maxAttempts + ", backoff=" + backoffBase + ".." + backoffMax + ", jitter=" + jitter
        + ", capacity=" + capacity + ", whenFull=" + whenFull + ", closeDeadline="
        + closeDeadline + '}';
  }

  /** Builds {@link WriteBehind} settings. */
  public static final class Builder {
    private int batchSize = 100;
    private Duration maxDelay = Duration.ofMillis(200);
    private int maxAttempts = 5;
    private Duration backoffBase = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(10);
    private double jitter = 0.5;
    private Duration closeDeadline = Duration.ofSeconds(10);
    private int capacity = 10_000;
    private FullQueuePolicy whenFull = FullQueuePolicy.block(Duration.ofSeconds(1));
    private int deadLetterCapacity = 10_000;
    private CacheClock clock = CacheClock.system();

    private Builder() {}

    /**
     * The clock the queue's write sequences follow (default the system clock; tests pass the
     * cache's {@link io.caskade.time.FakeClock} for exact sequences).
     */
    public Builder clock(CacheClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Most distinct keys per writer call. */
    public Builder batchSize(int n) {
      this.batchSize = positive(n, "batchSize");
      return this;
    }

    /** Longest a change waits for its batch to fill (zero: write as soon as taken). */
    public Builder maxDelay(Duration d) {
      this.maxDelay = notNegative(d, "maxDelay");
      return this;
    }

    /** Attempts per change before it is dead-lettered (1: no retry). */
    public Builder maxAttempts(int n) {
      this.maxAttempts = positive(n, "maxAttempts");
      return this;
    }

    /** Exponential backoff: {@code base × 2^(attempt-1)}, at most {@code max}. */
    public Builder backoff(Duration base, Duration max) {
      notNegative(base, "base");
      notNegative(max, "max");
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("backoff max " + max + " is below base " + base);
      }
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    /** Fraction of each backoff delay that is random, from 0 (none) to 1. */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1]: " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /** How long {@code close()} keeps flushing. */
    public Builder closeDeadline(Duration d) {
      this.closeDeadline = notNegative(d, "closeDeadline");
      return this;
    }

    /** In-memory queue: most distinct keys waiting for the flusher. */
    public Builder capacity(int n) {
      this.capacity = positive(n, "capacity");
      return this;
    }

    /** In-memory queue: the full-queue policy. */
    public Builder whenFull(FullQueuePolicy policy) {
      this.whenFull = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** In-memory queue: dead letters kept. */
    public Builder deadLetterCapacity(int n) {
      this.deadLetterCapacity = positive(n, "deadLetterCapacity");
      return this;
    }

    /** The settings. */
    public WriteBehind build() {
      return new WriteBehind(this);
    }

    private static int positive(int n, String what) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be positive: " + n);
      }
      return n;
    }

    private static Duration notNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }
  }
}
