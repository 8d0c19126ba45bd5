package io.caskade.demo;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The cached service. */
@Service
public class UserService {

  private final SlowSource source;
  private final UserRepository repository;

  public UserService(SlowSource source, UserRepository repository) {
    this.source = source;
    this.repository = repository;
  }

  /** One load per id for the whole fleet; a missing id is cached as not found (null). */
  @Cacheable(cacheNames = "users", sync = true)
  public UserView find(long id) {
    return source.findById(id).map(UserView::of).orElse(null);
  }

  /** Writes the row, then deletes the cached entry on every instance. */
  @Transactional
  @CacheEvict(cacheNames = "users", key = "#id")
  public UserView update(long id, String name, String email) {
    User user = repository.findById(id).orElseGet(() -> new User(id, name, email));
    user.setName(name);
    user.setEmail(email);
    return UserView.of(repository.save(user));
  }
}
