package io.caskade.contracts;

import io.caskade.bus.BusListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A {@link BusListener} that records what it was told, in order, for the bus suite. */
public final class RecordingBusListener implements BusListener {

  /** One call on the listener. */
  public sealed interface Event {}

  /** {@link BusListener#onKeys}. */
  public record Keys(List<String> keys) implements Event {}

  /** {@link BusListener#onTag}. */
  public record Tag(String tag, long version) implements Event {}

  /** {@link BusListener#onNamespace}. */
  public record Namespace(long generation) implements Event {}

  /** {@link BusListener#onAll}. */
  public record All() implements Event {}

  /** {@link BusListener#onKeysLost}. */
  public record KeysLost(Predicate<String> affected) implements Event {}

  /** {@link BusListener#onBusDown}. */
  public record BusDown() implements Event {}

  /** {@link BusListener#onReconnected}. */
  public record Reconnected() implements Event {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void onKeys(List<String> keys) {
    events.add(new Keys(List.copyOf(keys)));
  }

  @Override
  public void onTag(String tag, long version) {
    events.add(new Tag(tag, version));
  }

  @Override
  public void onNamespace(long generation) {
    events.add(new Namespace(generation));
  }

  @Override
  public void onAll() {
    events.add(new All());
  }

  @Override
  public void onKeysLost(Predicate<String> affected) {
    events.add(new KeysLost(affected));
  }

  @Override
  public void onReconnected() {
    events.add(new Reconnected());
  }

  @Override
  public void onBusDown() {
    events.add(new BusDown());
  }

  /** Every event so far, in order. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** Every key delivered by {@link #onKeys}, in order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    for (Event e : events) {
      if (e instanceof Keys k) {
        keys.addAll(k.keys());
      }
    }
    return keys;
  }

  /** How many events of {@code type} were recorded. */
  public long count(Class<? extends Event> type) {
    return events.stream().filter(type::isInstance).count();
  }

  /**
   * Whether an invalidation of {@code key} reached this listener in any form: the key itself, a
   * clear of everything, or a loss report that covers it.
   */
  public boolean covered(String key) {
    for (Event e : events) {
      if (e instanceof Keys k && k.keys().contains(key)) {
        return true;
      }
      if (e instanceof All) {
        return true;
      }
      if (e instanceof KeysLost lost && lost.affected().test(key)) {
        return true;
      }
    }
    return false;
  }

  /** The tag versions delivered, by tag (the last one wins). */
  public Map<String, Long> tags() {
    Map<String, Long> tags = new java.util.LinkedHashMap<>();
    for (Event e : events) {
      if (e instanceof Tag t) {
        tags.put(t.tag(), t.version());
      }
    }
    return tags;
  }

  /** Forgets what was recorded. */
  public void clear() {
    events.clear();
  }
}
