package io.caskade.bus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Bus messages as small JSON documents (readable with {@code redis-cli SUBSCRIBE}). */
public final class MessageFormat {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private MessageFormat() {}

  public static byte[] encode(InvalidationMessage message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write bus message", e);
    }
  }

  /** The message, or null when {@code bytes} is not one. */
  public static InvalidationMessage decode(byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, InvalidationMessage.class);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
