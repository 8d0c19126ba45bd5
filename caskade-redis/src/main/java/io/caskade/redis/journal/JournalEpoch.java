package io.caskade.redis.journal;

import io.caskade.write.PendingWrite;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that Redis lost the journal and reports what this instance lost with it. Every append
 * returns the epoch marker it was appended under (see {@link JournalScripts}); the flusher
 * {@link #sync syncs} about once a second and at once when its group is gone ({@code NOGROUP}),
 * which recreates stream and group if needed. A new {@code r:} epoch means Redis started over:
 * every entry this instance appended under an older epoch and did not see acknowledged — except
 * those its flusher holds in hand, which it still writes — is lost, and is reported once: an
 * ERROR log with the count and the keys, the {@link #lost()} counter, and the listener.
 */
final class JournalEpoch<K, V> {

  private static final Logger log = LoggerFactory.getLogger(JournalEpoch.class);
  private static final int KEYS_LOGGED = 20;

  private final String name;
  private final JournalKeys keys;
  private final JournalConnection redis;
  private final LocalPending<K, V> local;
  private final AppendedEntries<K, V> appended;
  private final Set<String> current = ConcurrentHashMap.newKeySet();
  private final Set<String> retired = ConcurrentHashMap.newKeySet();
  private final LongAdder lost = new LongAdder();
  private volatile boolean lateAppend;
  private volatile Consumer<LostWrites<K, V>> sink = lost -> { };

  JournalEpoch(String name, JournalKeys keys, JournalConnection redis, LocalPending<K, V> local,
      int trackLimit) {
    this.name = name;
    this.keys = keys;
    this.redis = redis;
    this.local = local;
    this.appended = new AppendedEntries<>(trackLimit);
    current.add(JournalScripts.sync(redis.commands, keys).epoch());
  }

  /** Who hears of lost writes after the log and the counter (the cache, then the user). */
  void sink(Consumer<LostWrites<K, V>> sink) {
    this.sink = sink;
  }

  /** Lost writes reported so far. */
  long lost() {
    return lost.sum();
  }

  /** An entry this instance appended under {@code epoch}. */
  void appended(PendingWrite<K, V> w, String epoch) {
    appended.added(w, epoch);
    if (retired.contains(epoch)) {
      lateAppend = true; // appended before the reset, recorded after it was handled
    }
  }

  /** Entries acknowledged by this instance's flusher (stream ids). */
  void acknowledged(Collection<String> ids) {
    appended.acknowledged(ids);
  }

  /**
   * Flusher thread: makes sure stream and group exist, forgets entries the stream shows
   * acknowledged, and reports what a new epoch lost ({@code held}: stream ids the flusher holds
   * and will still write). True when Redis started over since the last sync.
   */
  boolean sync(Set<String> held) {
    String known = current.iterator().next();
    long untrackedBefore = appended.untracked(known);
    JournalScripts.Sync s = JournalScripts.sync(redis.commands, keys);
    boolean reset = false;
    if (!current.contains(s.epoch())) {
      if (s.epoch().startsWith("c:")) {
        log.warn("write-behind journal '{}': its epoch marker {} was missing while the stream "
            + "was there (deleted or evicted: give Redis maxmemory-policy noeviction)", name,
            keys.epoch);
      } else {
        reset = true;
        retired.addAll(current);
        current.clear();
      }
      current.add(s.epoch());
    }
    if (!reset) {
      appended.goneBelow(current, s.boundId(), s.boundInclusive());
      if (s.boundInclusive()) {
        appended.untrackedGone(known, untrackedBefore);
      }
    }
    if (reset || lateAppend) {
      lateAppend = false;
      List<PendingWrite<K, V>> gone = appended.takeEpochs(retired, held);
      long untracked = appended.takeUntracked(retired);
      if (reset || !gone.isEmpty() || untracked > 0) {
        report(gone, untracked, reset);
      }
    }
    return reset;
  }

  private void report(List<PendingWrite<K, V>> gone, long untracked, boolean reset) {
    local.acknowledged(gone); // read-your-writes must not serve what the source never gets
    LostWrites<K, V> lw = new LostWrites<>(name, gone, untracked, Instant.now());
    lost.add(gone.size());
    if (gone.isEmpty() && untracked == 0) {
      log.warn("write-behind journal '{}': Redis lost the journal {} (restarted without "
          + "persistence, or flushed); stream and group recreated; none of this instance's "
          + "acknowledged changes was waiting in it", name, keys.stream);
      return;
    }
    Set<K> lostKeys = lw.keys();
    String shown = lostKeys.stream().limit(KEYS_LOGGED).map(String::valueOf)
        .collect(Collectors.joining(", "));
    log.error("write-behind journal '{}': Redis lost {} acknowledged changes of {} keys that no "
            + "flusher had written{}: the Redis holding {} restarted without persistence, or was "
            + "flushed, and {}; appended {} .. {}; keys: {}{}. The source never got them; the "
            + "cache dropped these keys", name, gone.size(), lostKeys.size(),
        untracked > 0 ? " (and up to " + untracked + " more it did not track)" : "", keys.stream,
        reset ? "stream and group were recreated" : "these appends came just before",
        lw.firstAppendedAt(), lw.lastAppendedAt(), shown,
        lostKeys.size() > KEYS_LOGGED ? " and " + (lostKeys.size() - KEYS_LOGGED) + " more" : "");
    try {
      sink.accept(lw);
    } catch (RuntimeException e) {
      log.warn("write-behind journal '{}': lost-writes listener failed: {}", name, e.toString());
    }
  }
}
