package io.caskade.lab.scenario;

import io.caskade.lab.load.Counters;
import io.caskade.lab.load.RequestHandler;
import io.caskade.lab.source.FragileDatabase;
import io.caskade.lab.source.UserRepository;
import java.util.Collections;
import java.util.List;

/** Instances without a cache: every request is a query. */
final class DirectFleet implements Fleet {

  private final FragileDatabase database;
  private final UserRepository repository;
  private final int instances;

  DirectFleet(FragileDatabase database, int instances) {
    this.database = database;
    this.repository = database.newRepository();
    this.instances = instances;
  }

  @Override
  public List<RequestHandler> instances() {
    return Collections.nCopies(instances, key -> repository.find(key));
  }

  @Override
  public Counters counters() {
    return new Counters(repository.counter().queries(), 0, 0, 0);
  }

  @Override
  public int sourceWaiting() {
    return database.waitingCallers();
  }

  @Override
  public UserRepository repository() {
    return repository;
  }

  @Override
  public void close() {}
}
