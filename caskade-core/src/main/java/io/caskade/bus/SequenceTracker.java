package io.caskade.bus;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one instance has heard of each partition's invalidation sequence, and which partitions
 * therefore missed messages. Every key invalidation increments its partition's sequence in Redis
 * and carries the new number on the bus, in order (one script increments and publishes).
 *
 * <ul>
 *   <li>{@link #onMessage}: a number more than one past the last one heard is a gap — the messages
 *       in between were lost;
 *   <li>{@link #resync}: after a subscription came back (or while it is down), Redis's numbers
 *       ahead of what was heard are lost messages;
 *   <li>{@link #check}: the periodic comparison while the bus is up; a number seen in Redis ahead
 *       of what was heard counts as lost only if it is still unheard at the next check, so messages
 *       merely in flight are not mistaken for lost ones.
 * </ul>
 *
 * Until the first comparison with Redis (the baseline, taken right after subscribing) numbers
 * are adopted without gaps. A number in Redis below what was heard means Redis lost its counters:
 * the partition starts again from it.
 */
public final class SequenceTracker {

  private final long[] heard;
  /** Whether {@link #heard} was compared with Redis once: from then on 0 is a known number. */
  private boolean baselined;
  /** Per partition: a Redis number the last check found ahead of {@link #heard}, else 0. */
  private final long[] sighted;

  public SequenceTracker(int partitions) {
    this.heard = new long[partitions];
    this.sighted = new long[partitions];
  }

  /** Whether the first comparison with Redis happened. */
  public synchronized boolean isBaselined() {
    return baselined;
  }

  public int partitions() {
    return heard.length;
  }

  /** A message's sequences; returns the partitions that have a gap before it. */
  public synchronized Set<Integer> onMessage(Map<Integer, Long> sequences) {
    Set<Integer> gaps = new TreeSet<>();
    sequences.forEach((p, n) -> {
      if (p < 0 || p >= heard.length || n == null) {
        return;
      }
      long last = heard[p];
      if (baselined && n > last + 1) {
        gaps.add(p);
      }
      if (n > last) {
        heard[p] = n;
      }
    });
    return gaps;
  }

  /**
   * Redis's current sequences, read when nothing could be heard (the subscription was down):
   * returns the partitions whose number moved past what was heard, and adopts every number.
   */
  public synchronized Set<Integer> resync(Map<Integer, Long> current) {
    Set<Integer> lost = new TreeSet<>();
    for (int p = 0; p < heard.length; p++) {
      long now = current.getOrDefault(p, 0L);
      if (baselined && now > heard[p]) {
        lost.add(p);
      }
      heard[p] = baselined ? now : Math.max(now, heard[p]);
      sighted[p] = 0;
    }
    baselined = true;
    return lost;
  }

  /**
   * Redis's current sequences, read while the subscription is up: returns the partitions whose
   * number was already ahead at the previous check and is still unheard (adopting Redis's number
   * for them).
   */
  public synchronized Set<Integer> check(Map<Integer, Long> current) {
    if (!baselined) {
      return resync(current);
    }
    Set<Integer> lost = new TreeSet<>();
    for (int p = 0; p < heard.length; p++) {
      long now = current.getOrDefault(p, 0L);
      if (now < heard[p]) {
        heard[p] = now; // Redis lost its counters: start again from its number
        sighted[p] = 0;
      } else if (now > heard[p]) {
        if (sighted[p] != 0 && heard[p] < sighted[p]) {
          lost.add(p);
          heard[p] = now;
          sighted[p] = 0;
        } else {
          sighted[p] = now;
        }
      } else {
        sighted[p] = 0;
      }
    }
    return lost;
  }
}
