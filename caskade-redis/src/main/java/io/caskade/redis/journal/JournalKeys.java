package io.caskade.redis.journal;

/**
 * The journal's Redis names: the stream {@code caskade:wb:{<name>}}, its dead letters
 * {@code caskade:wb:{<name>}:dead}, the epoch marker {@code caskade:wb:{<name>}:epoch} (all in
 * one hash slot) and the consumer group {@code flushers}.
 */
final class JournalKeys {

  final String stream;
  final String dead;
  final String epoch;
  final String group = "flushers";

  JournalKeys(String name) {
    this.stream = "caskade:wb:{" + name + "}";
    this.dead = stream + ":dead";
    this.epoch = stream + ":epoch";
  }
}
