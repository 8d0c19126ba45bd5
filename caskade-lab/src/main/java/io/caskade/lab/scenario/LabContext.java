package io.caskade.lab.scenario;

import io.caskade.lab.load.KeyDistribution;
import io.caskade.lab.load.LoadGenerator;
import io.caskade.lab.load.LoadObserver;
import io.caskade.lab.load.LoadResult;
import io.caskade.lab.load.LoadSpec;
import io.caskade.lab.source.FragileDatabase;
import java.util.Objects;

/** What a scenario runs with: the settings, the open database, and who follows the run. */
public final class LabContext {

  private final LabSettings settings;
  private final FragileDatabase database;
  private final RunListener listener;

  /** A context over an open database. */
  public LabContext(LabSettings settings, FragileDatabase database, RunListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.database = Objects.requireNonNull(database, "database");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  public LabSettings settings() {
    return settings;
  }

  public FragileDatabase database() {
    return database;
  }

  /** This context over another database (same settings and listener). */
  LabContext withDatabase(FragileDatabase other) {
    return new LabContext(settings, other, listener);
  }

  /** The key popularity the settings ask for, over the existing ids. */
  public KeyDistribution keys() {
    return KeyDistribution.forKeys(settings.keys(), settings.zipf());
  }

  /** The load the settings ask for. */
  public LoadSpec loadSpec() {
    return LoadSpec.of(settings.clients(), settings.duration(), settings.maxRequests(),
        settings.seed(), settings.thinkTime());
  }

  /** Runs the settings' load against {@code fleet} and returns the common numbers. */
  ScenarioResult measure(String scenario, String variant, Fleet fleet, KeyDistribution keys)
      throws InterruptedException {
    return measure(scenario, variant, fleet, keys, loadSpec());
  }

  /** Runs {@code spec}'s load against {@code fleet} and returns the common numbers. */
  ScenarioResult measure(String scenario, String variant, Fleet fleet, KeyDistribution keys,
      LoadSpec spec) throws InterruptedException {
    return measure(scenario, variant, fleet, keys, spec, LoadObserver.NONE);
  }

  /** Runs the load, letting {@code events} act on the run as it goes (take the source down...). */
  ScenarioResult measure(String scenario, String variant, Fleet fleet, KeyDistribution keys,
      LoadSpec spec, LoadObserver events) throws InterruptedException {
    fleet.repository().resetCounter();
    LoadObserver progress = listener.starting(scenario, variant);
    LoadResult load = new LoadGenerator(spec).run(fleet, keys, (point, done) -> {
      events.onSample(point, done);
      progress.onSample(point, done);
    });
    ScenarioResult result = ScenarioResult.of(scenario, variant, load,
        fleet.repository().counter());
    return result;
  }

  /** Tells the listener a variant is done (after the scenario added its own fields). */
  ScenarioResult done(ScenarioResult result) {
    listener.finished(result);
    return result;
  }
}
