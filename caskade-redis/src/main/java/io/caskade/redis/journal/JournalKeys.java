package io.caskade.redis.journal;

/**
 * The journal's Redis names: the stream {@code caskade:wb:{<name>}}, its dead letters
 * {@code caskade:wb:{<name>}:dead} (same hash slot) and the consumer group {@code flushers}.
 */
final class JournalKeys {

  final String stream;
  final String dead;
  final String group = "flushers";

  JournalKeys(String name) {
    this.stream = "caskade:wb:{" + name + "}";
    this.dead = stream + ":dead";
  }
}
