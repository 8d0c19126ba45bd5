package io.caskade.jcache.store;

import io.caskade.codec.KeyCodec;
import java.util.Base64;

/**
 * Redis keys for arbitrary JCache keys: strings and numbers stay readable ({@code s:}, {@code l:},
 * {@code i:}); any other (Serializable) key, e.g. Hibernate's cache keys, is its Java
 * serialization in URL-safe Base64 ({@code j:}), equal keys giving equal bytes.
 */
public final class ObjectKeyCodec implements KeyCodec<Object> {

  private final ClassLoader loader;

  public ObjectKeyCodec(ClassLoader loader) {
    this.loader = loader;
  }

  @Override
  public String encode(Object key) {
    if (key instanceof String s) {
      return "s:" + s;
    }
    if (key instanceof Long l) {
      return "l:" + l;
    }
    if (key instanceof Integer i) {
      return "i:" + i;
    }
    return "j:" + Base64.getUrlEncoder().withoutPadding().encodeToString(Copier.serialize(key));
  }

  @Override
  public Object decode(String s) {
    String body = s.substring(2);
    switch (s.substring(0, 2)) {
      case "s:":
        return body;
      case "l:":
        return Long.valueOf(body);
      case "i:":
        return Integer.valueOf(body);
      default:
        return Copier.deserializeUntrusted(Base64.getUrlDecoder().decode(body), loader);
    }
  }
}
