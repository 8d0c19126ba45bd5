package io.caskade.lab.source;

import java.util.concurrent.TimeUnit;

/**
 * Java functions registered in H2 with {@code CREATE ALIAS}, so that a query's cost is spent inside
 * the database engine. Public only because H2 must reach it by reflection.
 */
public final class H2Functions {

  private H2Functions() {}

  /**
   * Sleeps {@code micros} microseconds inside the query that calls it ({@code LAB_SLEEP(?)}).
   *
   * @return always 0
   */
  public static int sleep(long micros) throws InterruptedException {
    if (micros > 0) {
      TimeUnit.MICROSECONDS.sleep(micros);
    }
    return 0;
  }
}
