package io.caskade.lab.scenario;

import io.caskade.CacheLoader;
import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import java.util.ArrayList;

/** The cache loader of the lab: one query per key, one query per bulk load. */
final class UserLoader {

  private UserLoader() {}

  static CacheLoader<Long, User> of(UserRepository repository) {
    return CacheLoader.bulk(id -> repository.find(id).orElse(null),
        ids -> repository.findAll(new ArrayList<>(ids)));
  }
}
