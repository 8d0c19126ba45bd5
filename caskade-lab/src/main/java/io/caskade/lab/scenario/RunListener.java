package io.caskade.lab.scenario;

import io.caskade.lab.load.LoadObserver;

/** Follows a lab run variant by variant (the console report, progress bars). */
public interface RunListener {

  /** A variant starts; the returned observer sees its samples. */
  LoadObserver starting(String scenario, String variant);

  /** A variant finished. */
  void finished(ScenarioResult result);

  /** Listens to nothing. */
  RunListener NONE = new RunListener() {
    @Override
    public LoadObserver starting(String scenario, String variant) {
      return LoadObserver.NONE;
    }

    @Override
    public void finished(ScenarioResult result) {}
  };
}
