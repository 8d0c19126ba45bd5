package io.caskade.demo;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Inserts {@code demo.seed-users} users (ids 1..n) when the table is empty. */
@Component
public class Seeder implements ApplicationRunner {

  private final UserRepository repository;
  private final int count;

  public Seeder(UserRepository repository, @Value("${demo.seed-users:1000}") int count) {
    this.repository = repository;
    this.count = count;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (repository.count() > 0) {
      return;
    }
    List<User> users = new ArrayList<>(count);
    for (long id = 1; id <= count; id++) {
      users.add(new User(id, "user " + id, "user" + id + "@example.com"));
    }
    repository.saveAll(users);
  }
}
