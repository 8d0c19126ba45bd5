package io.caskade.lab.load;

/** One simulated application instance serving a request for a key. Must be thread-safe. */
@FunctionalInterface
public interface RequestHandler {

  /** Serves one request; a thrown exception counts as an error the client saw. */
  void handle(long key) throws Exception;
}
