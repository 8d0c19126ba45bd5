package io.caskade.jcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InvalidClassException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes from Redis or the bus reach Java deserialization only through the allow-list. */
class SerialFilterTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @AfterEach
  void clearProperty() {
    System.clearProperty(SerialFilter.PROPERTY);
  }

  @Test
  void theJdksValueTypesAndPrimitiveArraysAreAllowed() {
    Object value = List.of(1L, "two", Map.of("k", new byte[] {1, 2}), new long[] {3});
    Object back = Copier.deserializeUntrusted(Copier.serialize(value), loader);
    assertThat(((List<?>) back).get(1)).isEqualTo("two");
  }

  @Test
  void aClassOutsideTheListIsRefusedUntilTheApplicationAllowsIt() {
    byte[] bytes = Copier.serialize(URI.create("http://example.invalid/"));
    assertThatThrownBy(() -> Copier.deserializeUntrusted(bytes, loader))
        .hasRootCauseInstanceOf(InvalidClassException.class)
        .hasMessageContaining("REJECTED");
    assertThat(Copier.deserialize(bytes, loader)).as("in-JVM copies are not filtered")
        .isEqualTo(URI.create("http://example.invalid/"));

    System.setProperty(SerialFilter.PROPERTY, "java.net.URI");
    assertThat(Copier.deserializeUntrusted(bytes, loader))
        .isEqualTo(URI.create("http://example.invalid/"));
  }
}
