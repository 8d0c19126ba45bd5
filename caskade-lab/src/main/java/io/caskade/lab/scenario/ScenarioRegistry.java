package io.caskade.lab.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The scenarios the lab knows, in tour order. */
public final class ScenarioRegistry {

  private final Map<String, Scenario> byName = new LinkedHashMap<>();

  private ScenarioRegistry(List<Scenario> scenarios) {
    for (Scenario s : scenarios) {
      if (byName.putIfAbsent(s.name(), s) != null) {
        throw new IllegalArgumentException("duplicate scenario " + s.name());
      }
    }
  }

  /** Every scenario of the lab. */
  public static ScenarioRegistry standard() {
    List<Scenario> all = new ArrayList<>();
    all.add(new HerdScenario());
    all.add(new ColdStartScenario());
    all.add(new PenetrationScenario());
    all.add(new DriftScenario());
    all.add(new PatternsScenario());
    all.add(new CacheDisabledScenario());
    all.add(new HierarchyScenario());
    all.add(new RedisDownScenario());
    all.add(new ConsistencyScenario());
    return new ScenarioRegistry(all);
  }

  /** The scenario called {@code name}. */
  public Optional<Scenario> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** All scenarios, in tour order. */
  public List<Scenario> all() {
    return Collections.unmodifiableList(new ArrayList<>(byName.values()));
  }
}
