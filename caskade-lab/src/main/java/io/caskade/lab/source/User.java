package io.caskade.lab.source;

/**
 * One row of the {@code users} table.
 *
 * @param id primary key (rows 1..keys exist)
 * @param name display name
 * @param email e-mail address
 * @param version bumped by every update, so a stale copy can be told from a fresh one
 */
public record User(long id, String name, String email, long version) {

  /** This user with {@code name} changed and the version bumped. */
  public User renamed(String newName) {
    return new User(id, newName, email, version + 1);
  }
}
