package io.caskade.redis;

import java.util.concurrent.atomic.LongAdder;

/** The counters of one tier (see {@link RedisTierStats}). */
final class TierCounters {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder corrupt = new LongAdder();
  final LongAdder oversized = new LongAdder();
  final LongAdder unencodable = new LongAdder();
  final LongAdder budgetSpent = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder circuitRejected = new LongAdder();
  final LongAdder leasesGranted = new LongAdder();
  final LongAdder leasesHeld = new LongAdder();
  final LongAdder fillsRejected = new LongAdder();
  final LongAdder queued = new LongAdder();
  final LongAdder replayed = new LongAdder();
}
