package io.caskade.demo;

import java.io.Serializable;

/**
 * What is cached and returned: a plain value, not the JPA entity. Serializable only for the
 * baseline run with Spring Boot's own Redis cache (its default serializer is Java's); Caskade
 * stores it as JSON.
 */
public record UserView(long id, String name, String email) implements Serializable {

  static UserView of(User u) {
    return new UserView(u.getId(), u.getName(), u.getEmail());
  }
}
