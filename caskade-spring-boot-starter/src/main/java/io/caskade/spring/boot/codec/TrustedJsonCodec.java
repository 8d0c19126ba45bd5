package io.caskade.spring.boot.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caskade.codec.Codec;
import io.caskade.codec.CodecException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * JSON values of any class of a trusted package, for caches declared without a value type
 * (Spring caches hold {@code Object}). The payload is the class name followed by the value's
 * JSON; a class outside the trusted packages is refused both when writing (the entry then stays
 * in L1 only, counted as an L2 error) and when reading (the bytes are a miss), so foreign bytes
 * under a cache key cannot make the reader build arbitrary objects. Default typing is off and Java
 * native serialization is never used. Generic containers (lists, maps) are refused: declare
 * {@code caskade.caches.<name>.value-type} for those.
 */
public final class TrustedJsonCodec implements Codec<Object> {

  private static final Set<String> JAVA_TYPES = Set.of("java.lang.String", "java.lang.Long",
      "java.lang.Integer", "java.lang.Short", "java.lang.Byte", "java.lang.Double",
      "java.lang.Float", "java.lang.Boolean", "java.lang.Character", "java.math.BigDecimal",
      "java.math.BigInteger");

  private final ObjectMapper mapper;
  private final List<String> packages;
  private final ClassLoader classLoader;

  /**
   * A codec reading back classes of {@code trustedPackages} (and their sub-packages) and the
   * boxed primitives, strings and {@code java.math} numbers.
   */
  public TrustedJsonCodec(ObjectMapper mapper, List<String> trustedPackages,
      ClassLoader classLoader) {
    ObjectMapper safe = mapper.copy();
    safe.deactivateDefaultTyping();
    safe.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.mapper = safe;
    this.packages = trustedPackages.stream().map(p -> p.endsWith(".") ? p : p + ".").toList();
    this.classLoader = classLoader;
  }

  @Override
  public byte[] encode(Object value) {
    String type = value.getClass().getName();
    requireTrusted(type);
    try {
      byte[] name = type.getBytes(StandardCharsets.UTF_8);
      byte[] json = mapper.writeValueAsBytes(value);
      return ByteBuffer.allocate(2 + name.length + json.length)
          .putShort((short) name.length).put(name).put(json).array();
    } catch (IOException e) {
      throw new CodecException("cannot write " + type + " as JSON", e);
    }
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length < 2) {
      throw new CodecException("no type name");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int length = Short.toUnsignedInt(buffer.getShort());
    if (length == 0 || length > bytes.length - 2) {
      throw new CodecException("bad type name length " + length);
    }
    String type = new String(bytes, 2, length, StandardCharsets.UTF_8);
    requireTrusted(type);
    try {
      Class<?> cls = Class.forName(type, false, classLoader);
      Object value = mapper.readerFor(cls).readValue(bytes, 2 + length, bytes.length - 2 - length);
      if (value == null) {
        throw new CodecException("JSON null is not a value of " + type);
      }
      return value;
    } catch (ClassNotFoundException | IOException e) {
      throw new CodecException("not JSON of " + type, e);
    }
  }

  private void requireTrusted(String type) {
    if (JAVA_TYPES.contains(type)) {
      return;
    }
    for (String p : packages) {
      if (type.startsWith(p)) {
        return;
      }
    }
    throw new CodecException(type + " is not in a trusted package " + packages
        + ": add it to caskade.trusted-packages or set caskade.caches.<name>.value-type");
  }
}
