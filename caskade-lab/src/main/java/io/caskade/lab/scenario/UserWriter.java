package io.caskade.lab.scenario;

import io.caskade.lab.source.User;
import io.caskade.lab.source.UserRepository;
import io.caskade.write.CacheWriter;
import java.util.Map;
import java.util.Objects;

/**
 * The lab's {@link CacheWriter}: writes the {@code users} table through a {@link UserRepository},
 * so every write is a counted source query. A write only replaces an older version of the row
 * ({@link UserRepository#updateIfNewer}), which makes it idempotent and order-aware as a
 * write-behind writer must be (a retried or re-delivered change never overwrites a newer one);
 * a batch is one query ({@link UserRepository#updateAllIfNewer}). The lab never deletes users.
 */
final class UserWriter implements CacheWriter<Long, User> {

  private final UserRepository repository;

  UserWriter(UserRepository repository) {
    this.repository = Objects.requireNonNull(repository, "repository");
  }

  @Override
  public void write(Long key, User value) {
    requireSameId(key, value);
    repository.updateIfNewer(value);
  }

  @Override
  public void writeAll(Map<? extends Long, ? extends User> entries) {
    entries.forEach(UserWriter::requireSameId);
    repository.updateAllIfNewer(java.util.List.copyOf(entries.values()));
  }

  @Override
  public void delete(Long key) {
    throw new UnsupportedOperationException("the lab never deletes users (key " + key + ")");
  }

  private static void requireSameId(Long key, User value) {
    if (value.id() != key) {
      throw new IllegalArgumentException("user " + value.id() + " written under key " + key);
    }
  }
}
