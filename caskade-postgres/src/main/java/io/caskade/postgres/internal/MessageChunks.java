package io.caskade.postgres.internal;

import io.caskade.bus.InvalidationMessage;
import io.caskade.bus.InvalidationMessage.Kind;
import io.caskade.bus.MessageFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a key invalidation into notifications whose payload fits PostgreSQL's limit (a payload
 * must be shorter than 8000 bytes): each chunk is a complete message of the bus format
 * ({@link MessageFormat}). A single key too long to fit any notification becomes a message of
 * kind {@link Kind#ALL}: receivers clear their L1 rather than miss it.
 */
public final class MessageChunks {

  /** The largest payload sent, in bytes: below PostgreSQL's 8000 with room to spare. */
  public static final int LIMIT_BYTES = 7_900;

  private MessageChunks() {}

  /** The payloads announcing {@code keys}, in order, each at most {@code limit} bytes. */
  public static List<String> keys(String cache, String origin, List<String> keys, int limit) {
    List<String> payloads = new ArrayList<>();
    split(cache, origin, keys, limit, payloads);
    return payloads;
  }

  private static void split(String cache, String origin, List<String> keys, int limit,
      List<String> out) {
    Kind kind = keys.size() == 1 ? Kind.KEY : Kind.KEYS;
    String payload = encode(new InvalidationMessage(cache, kind, keys, null, 0, origin));
    if (bytes(payload) <= limit) {
      out.add(payload);
      return;
    }
    if (keys.size() == 1) {
      out.add(encode(new InvalidationMessage(cache, Kind.ALL, List.of(), null, 0, origin)));
      return;
    }
    int half = keys.size() / 2;
    split(cache, origin, keys.subList(0, half), limit, out);
    split(cache, origin, keys.subList(half, keys.size()), limit, out);
  }

  /** One message as a payload. */
  public static String encode(InvalidationMessage message) {
    return new String(MessageFormat.encode(message), StandardCharsets.UTF_8);
  }

  private static int bytes(String payload) {
    return payload.getBytes(StandardCharsets.UTF_8).length;
  }
}
