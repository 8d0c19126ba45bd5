package io.caskade.redis;

import io.lettuce.core.RedisCommandExecutionException;
import java.util.List;

/**
 * Tells Redis's refusals of this client (authentication, ACL, configuration: retrying does not
 * help) from outages (timeouts, refused or lost connections: retrying does), the same way for
 * every connection the module opens (tier, bus, write journal, snapshots).
 */
public final class RedisErrors {

  /** Error prefixes of refusals: credentials, ACL, a command or database the server rejects. */
  private static final List<String> REFUSALS = List.of("WRONGPASS", "NOAUTH", "NOPERM",
      "ERR AUTH", "ERR invalid password", "ERR Client sent AUTH", "ERR unknown command",
      "ERR DB index", "ERR SELECT", "ERR invalid DB index");

  private RedisErrors() {}

  /**
   * The server's error text when {@code failure} (or one of its causes) is a refusal of this
   * client, else null (a timeout, a refused connection, any other failure).
   */
  public static String refusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RedisAccessException access) {
        return access.serverError();
      }
      String message = t.getMessage();
      if (t instanceof RedisCommandExecutionException && message != null) {
        for (String prefix : REFUSALS) {
          if (message.startsWith(prefix)) {
            return message;
          }
        }
      }
    }
    return null;
  }

  /**
   * {@code failure} as a {@link RedisAccessException} saying what was refused and the server's
   * error, or null when it is not a refusal.
   *
   * @param what what was attempted, e.g. {@code "cache 'users': connecting"}
   */
  public static RedisAccessException asAccessError(String what, RedisConfig config,
      Throwable failure) {
    if (failure instanceof RedisAccessException access) {
      return access;
    }
    String server = refusal(failure);
    if (server == null) {
      return null;
    }
    return new RedisAccessException(what + " refused by Redis " + config.uris().stream()
        .map(u -> u.replaceAll("//[^@/]*@", "//***@")).toList() + ": " + server
        + " (credentials, ACL or configuration: check the URI's user and password and that "
        + "user's ACL; retrying does not help)", server, failure);
  }
}
