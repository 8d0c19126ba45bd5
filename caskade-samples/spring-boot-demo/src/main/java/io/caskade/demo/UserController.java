package io.caskade.demo;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /users/{id}} and {@code PUT /users/{id}}. */
@RestController
public class UserController {

  /** The body of a PUT. */
  public record UserUpdate(String name, String email) {}

  private final UserService users;

  public UserController(UserService users) {
    this.users = users;
  }

  @GetMapping("/users/{id}")
  public ResponseEntity<UserView> get(@PathVariable("id") long id) {
    UserView user = users.find(id);
    return user == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(user);
  }

  @PutMapping("/users/{id}")
  public UserView put(@PathVariable("id") long id, @RequestBody UserUpdate body) {
    return users.update(id, body.name(), body.email());
  }
}
