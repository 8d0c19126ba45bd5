package io.caskade.jcache.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import javax.cache.CacheException;

/**
 * Store-by-value copies (JSR-107 section 2.6): a serialization round trip resolving classes with
 * the cache manager's class loader. Store-by-reference caches use {@link #identity()}.
 */
public abstract class Copier {

  /** The copy of {@code o} the cache keeps or hands out. */
  public abstract <T> T copy(T o);

  /** No copying: store by reference. */
  public static Copier identity() {
    return new Copier() {
      @Override
      public <T> T copy(T o) {
        return o;
      }
    };
  }

  /** Copies through Java serialization, classes resolved with {@code loader}. */
  public static Copier serializing(ClassLoader loader) {
    return new Copier() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T copy(T o) {
        if (o == null || isImmutable(o)) {
          return o;
        }
        return (T) deserialize(serialize(o), loader);
      }
    };
  }

  static boolean isImmutable(Object o) {
    return o instanceof String || o instanceof Long || o instanceof Integer
        || o instanceof Boolean || o instanceof Short || o instanceof Byte
        || o instanceof Character || o instanceof Double || o instanceof Float
        || o instanceof java.math.BigDecimal || o instanceof java.math.BigInteger
        || o instanceof java.util.UUID || o instanceof Enum;
  }

  /** The serialized bytes of {@code o}; an unserializable object is a {@link CacheException}. */
  public static byte[] serialize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new CacheException("cannot serialize " + o.getClass().getName()
          + " (store-by-value and the L2 tier need Serializable keys and values)", e);
    }
    return bytes.toByteArray();
  }

  /** The object serialized in {@code bytes}, classes resolved with {@code loader} first. */
  public static Object deserialize(byte[] bytes, ClassLoader loader) {
    return deserialize(bytes, loader, null);
  }

  /**
   * {@link #deserialize} for bytes from outside this JVM (Redis, the bus): only what
   * {@link SerialFilter} allows is created.
   */
  public static Object deserializeUntrusted(byte[] bytes, ClassLoader loader) {
    return deserialize(bytes, loader, SerialFilter.current());
  }

  private static Object deserialize(byte[] bytes, ClassLoader loader,
      java.io.ObjectInputFilter filter) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader)) {
      if (filter != null) {
        in.setObjectInputFilter(filter);
      }
      return in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new CacheException("cannot deserialize: " + e.getMessage(), e);
    }
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // fall back to the default resolution below
        }
      }
      return super.resolveClass(desc);
    }
  }
}
