package io.caskade.warmup;

/**
 * Where a running warm-up stands, reported after each batch.
 *
 * @param done keys handled so far
 * @param total distinct keys to handle
 * @param loaded keys loaded so far
 * @param notFound keys the source did not have so far
 * @param failed keys whose load failed so far
 * @param alreadyCached keys found already cached so far
 */
public record WarmUpProgress(long done, long total, long loaded, long notFound, long failed,
    long alreadyCached) {

  /** Share of the keys handled, 0.0 to 1.0 (1.0 for an empty warm-up). */
  public double fraction() {
    return total == 0 ? 1.0 : (double) done / total;
  }
}
