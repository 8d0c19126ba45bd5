package io.caskade.jcache.store;

import io.caskade.codec.Codec;
import io.caskade.codec.CodecException;

/**
 * The L2 value codec of JCache caches: {@link Stored} entries through Java serialization, since
 * JSR-107 values (and Hibernate's cache entries) are {@link java.io.Serializable}, not JSON
 * shapes. The envelope's checksum rejects damaged bytes before they reach this codec, and what
 * Java deserialization may create from them is allow-listed ({@link SerialFilter}).
 */
public final class JavaSerializationCodec implements Codec<Stored> {

  private final ClassLoader loader;

  public JavaSerializationCodec(ClassLoader loader) {
    this.loader = loader;
  }

  @Override
  public byte[] encode(Stored value) {
    return Copier.serialize(value);
  }

  @Override
  public Stored decode(byte[] bytes) {
    try {
      Object o = Copier.deserializeUntrusted(bytes, loader); // allow-listed: see SerialFilter
      if (o instanceof Stored s) {
        return s;
      }
      throw new CodecException("not a JCache entry: " + (o == null ? null : o.getClass().getName()));
    } catch (CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CodecException("cannot decode a JCache entry: " + e, e);
    }
  }
}
