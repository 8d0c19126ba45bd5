package io.caskade.lab.scenario;

import io.caskade.CacheBuilder;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;

/** How one variant configures each instance's cache (TTLs, defences, tiers). */
@FunctionalInterface
interface CacheRecipe {

  /**
   * Configures {@code builder}, which already has the name, a loader over {@code repository}, a
   * per-instance random seed and the lab's listener.
   */
  CacheBuilder<Long, User> configure(CacheBuilder<Long, User> builder, UserRepository repository,
      int instance);
}
