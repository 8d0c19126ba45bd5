package io.caskade.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.Objects;

/**
 * JSON values with Jackson, bound to the cache's declared value type: the type comes from the
 * code, never from the bytes. Default typing is switched off on the mapper used (even when the
 * caller's mapper had it on), and Java native serialization is never used. Trailing bytes after
 * the JSON value are rejected.
 *
 * @param <V> the declared value type
 */
public final class JacksonCodec<V> implements Codec<V> {

  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final JavaType type;

  private JacksonCodec(ObjectMapper mapper, JavaType type) {
    ObjectMapper safe = mapper.copy();
    safe.deactivateDefaultTyping();
    this.type = type;
    this.reader = safe.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.writer = safe.writerFor(type);
  }

  /** A codec for {@code type} with a plain {@link ObjectMapper}. */
  public static <V> JacksonCodec<V> of(Class<V> type) {
    return of(new ObjectMapper(), type);
  }

  /** A codec for {@code type} with a copy of {@code mapper} (modules and features kept). */
  public static <V> JacksonCodec<V> of(ObjectMapper mapper, Class<V> type) {
    Objects.requireNonNull(type, "type");
    return new JacksonCodec<>(mapper, mapper.constructType(type));
  }

  /** A codec for a generic type, e.g. {@code new TypeReference<List<User>>() {}}. */
  public static <V> JacksonCodec<V> of(ObjectMapper mapper, TypeReference<V> type) {
    Objects.requireNonNull(type, "type");
    return new JacksonCodec<>(mapper, mapper.getTypeFactory().constructType(type));
  }

  /** The declared value type. */
  public JavaType type() {
    return type;
  }

  @Override
  public byte[] encode(V value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new CodecException("cannot write " + type + " as JSON", e);
    }
  }

  @Override
  public V decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  @Override
  public V decode(byte[] bytes, int offset, int length) {
    try {
      V value = reader.readValue(bytes, offset, length);
      if (value == null) {
        throw new CodecException("JSON null is not a value of " + type);
      }
      return value;
    } catch (IOException e) {
      throw new CodecException("not JSON of " + type, e);
    }
  }
}
