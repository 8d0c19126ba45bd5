package io.caskade.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a cached value is written as a response body. Must be deterministic: the same value always
 * gives the same bytes, since the strong ETag is derived from the entry's version.
 *
 * @param <V> value type
 */
public interface Representation<V> {

  /** The {@code Content-Type} of the body. */
  String contentType();

  /** The body for {@code value}. */
  byte[] render(V value);

  /** A representation of {@code contentType} rendered by {@code render}. */
  static <V> Representation<V> of(String contentType, Function<? super V, byte[]> render) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(render, "render");
    return new Representation<>() {
      @Override
      public String contentType() {
        return contentType;
      }

      @Override
      public byte[] render(V value) {
        return render.apply(value);
      }
    };
  }

  /** A UTF-8 text representation ({@code contentType} gets {@code ; charset=utf-8}). */
  static <V> Representation<V> text(String contentType, Function<? super V, String> render) {
    Objects.requireNonNull(render, "render");
    return of(contentType + "; charset=utf-8",
        v -> render.apply(v).getBytes(StandardCharsets.UTF_8));
  }
}
