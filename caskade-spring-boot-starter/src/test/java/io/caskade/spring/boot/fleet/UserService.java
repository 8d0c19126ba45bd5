package io.caskade.spring.boot.fleet;

import java.util.concurrent.CompletableFuture;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

/** The cached service, as an application writes it. */
public class UserService {

  private final UserTable table;

  public UserService(UserTable table) {
    this.table = table;
  }

  @Cacheable(cacheNames = "fleet-users", sync = true)
  public User find(long id) {
    return table.find(id);
  }

  @Cacheable(cacheNames = "fleet-users-async", sync = true)
  public CompletableFuture<User> findAsync(long id) {
    return CompletableFuture.supplyAsync(() -> table.find(id));
  }

  @CacheEvict(cacheNames = "fleet-users", key = "#p0")
  public void rename(long id, String name) {
    table.save(id, name);
  }
}
