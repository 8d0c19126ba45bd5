package io.caskade.lab.load;

/**
 * Cumulative counters the sampler reads while load runs, to draw the timeline.
 *
 * @param sourceQueries queries that reached the source
 * @param l1Hits requests answered by an in-process L1
 * @param l2Hits requests answered by the shared L2
 * @param staleServed stale values served (stale-while-revalidate or stale-if-error)
 */
public record Counters(long sourceQueries, long l1Hits, long l2Hits, long staleServed) {

  /** All zero. */
  public static final Counters ZERO = new Counters(0, 0, 0, 0);

  /** This minus {@code earlier}, field by field. */
  public Counters minus(Counters earlier) {
    return new Counters(sourceQueries - earlier.sourceQueries, l1Hits - earlier.l1Hits,
        l2Hits - earlier.l2Hits, staleServed - earlier.staleServed);
  }

  /** Field-by-field sum. */
  public Counters plus(Counters other) {
    return new Counters(sourceQueries + other.sourceQueries, l1Hits + other.l1Hits,
        l2Hits + other.l2Hits, staleServed + other.staleServed);
  }
}
