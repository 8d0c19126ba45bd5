package io.caskade.lab.load;

import java.util.List;

/** What load is sent to: the instances of a simulated fleet and the counters to sample. */
public interface LoadTarget {

  /** The application instances; client i sends to instance {@code i % size}. */
  List<RequestHandler> instances();

  /** Cumulative counters right now (sampled for the timeline; deltas are what count). */
  Counters counters();

  /** Callers queued for a database connection right now. */
  default int sourceWaiting() {
    return 0;
  }
}
