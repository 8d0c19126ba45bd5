package io.caskade.lab.scenario;

import io.caskade.lab.load.LoadTarget;
import io.caskade.lab.source.UserRepository;

/** The simulated application instances of one variant, sharing one repository. */
interface Fleet extends LoadTarget, AutoCloseable {

  /** The repository every instance reads through (its counter is what reached the source). */
  UserRepository repository();

  @Override
  void close();
}
