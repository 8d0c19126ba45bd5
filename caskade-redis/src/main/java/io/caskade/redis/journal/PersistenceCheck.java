package io.caskade.redis.journal;

import io.lettuce.core.api.sync.RedisServerCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Redis keeps the journal across a restart, read from {@code CONFIG GET appendonly},
 * {@code save} and {@code maxmemory-policy} on the node that holds the stream: only AOF keeps
 * every acknowledged change (RDB snapshots lose what came after the last one), and an
 * {@code allkeys-*} eviction policy may drop the stream itself. When CONFIG is disabled or
 * renamed (managed services) the check cannot be made, and says so.
 *
 * @param checked whether Redis answered
 * @param durable whether acknowledged changes survive a Redis restart
 * @param detail what was found, or why it could not be checked
 */
record PersistenceCheck(boolean checked, boolean durable, String detail) {

  private static final Logger log = LoggerFactory.getLogger(PersistenceCheck.class);

  static PersistenceCheck of(RedisServerCommands<String, byte[]> server) {
    String aof;
    String save;
    String policy;
    try {
      aof = get(server, "appendonly");
      save = get(server, "save");
      policy = get(server, "maxmemory-policy");
    } catch (RuntimeException e) {
      return new PersistenceCheck(false, false, "CONFIG GET failed: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (!"yes".equalsIgnoreCase(aof)) {
      problems.add(save.isBlank()
          ? "appendonly=no and save='': Redis keeps nothing on disk"
          : "appendonly=no, RDB snapshots only (save='" + save + "'): changes after the last "
              + "snapshot are lost");
    }
    if (policy.startsWith("allkeys-")) {
      problems.add("maxmemory-policy=" + policy + ": Redis may evict the journal itself");
    }
    if (problems.isEmpty()) {
      return new PersistenceCheck(true, true, "appendonly=yes, maxmemory-policy=" + policy);
    }
    long replicas = replicas(server);
    return new PersistenceCheck(true, false, String.join("; ", problems)
        + (replicas > 0 ? " (" + replicas + " replicas connected: a failover keeps what they "
            + "received; see waitForReplicas)" : ""));
  }

  /**
   * Logs a WARN, or with {@code required} throws {@link IllegalStateException}, when this is not
   * a durable Redis (or could not be checked).
   */
  void enforce(String journal, boolean required) {
    if (durable) {
      log.debug("write-behind journal '{}': Redis persistence: {}", journal, detail);
      return;
    }
    String what = checked
        ? "acknowledged writes would not survive a Redis restart: " + detail
        : "could not check whether acknowledged writes survive a Redis restart (" + detail + ")";
    if (required) {
      throw new IllegalStateException("write-behind journal '" + journal + "' refused by "
          + "requirePersistence(): " + what + ". Enable AOF (appendonly yes) with "
          + "maxmemory-policy noeviction, or build without requirePersistence()");
    }
    log.warn("write-behind journal '{}': {}. Enable AOF (appendonly yes) with maxmemory-policy "
        + "noeviction, or requirePersistence() to refuse such a Redis; if Redis loses the journal, "
        + "the lost changes are logged at ERROR and reported to onLostWrites", journal, what);
  }

  private static String get(RedisServerCommands<String, byte[]> server, String name) {
    Map<String, String> m = server.configGet(name);
    String v = m.get(name);
    if (v == null) {
      throw new IllegalStateException("no value for " + name);
    }
    return v;
  }

  private static long replicas(RedisServerCommands<String, byte[]> server) {
    try {
      for (String line : server.info("replication").split("\r?\n")) {
        if (line.startsWith("connected_slaves:")) {
          return Long.parseLong(line.substring("connected_slaves:".length()).trim());
        }
      }
    } catch (RuntimeException e) {
      // unknown
    }
    return -1;
  }
}
