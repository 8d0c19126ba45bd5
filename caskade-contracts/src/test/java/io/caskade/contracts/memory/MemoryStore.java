package io.caskade.contracts.memory;

import io.caskade.codec.KeyCodec;
import io.caskade.codec.StringCodec;
import io.caskade.entry.Entry;
import io.caskade.tier.TierContext;
import io.caskade.tier.TierStore;
import io.caskade.wire.CorruptEnvelopeException;
import io.caskade.wire.EnvelopeFormat;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A {@link TierStore} on a {@link MemoryServer}: key {@code <cache>:<generation>:<key>}. */
final class MemoryStore implements TierStore<String, String> {

  private final MemoryServer server;
  private final EnvelopeFormat<String> format = new EnvelopeFormat<>(StringCodec.utf8());
  private TierContext context;

  MemoryStore(MemoryServer server) {
    this.server = server;
  }

  static String layout(TierContext context, String key) {
    return context.cache() + ":" + context.generation() + ":" + key;
  }

  String serverKey(String key) {
    return layout(context, key);
  }

  MemoryServer server() {
    return server;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public KeyCodec<String> keys() {
    return KeyCodec.strings();
  }

  @Override
  public void bind(TierContext context) {
    this.context = context;
  }

  @Override
  public Entry<String> get(String key) {
    byte[] bytes = server.read(serverKey(key));
    if (bytes == null) {
      return null;
    }
    try {
      return format.decode(bytes);
    } catch (CorruptEnvelopeException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public Map<String, Entry<String>> getAll(Collection<? extends String> keys) {
    Map<String, Entry<String>> found = new HashMap<>();
    for (String k : keys) {
      Entry<String> e = get(k);
      if (e != null) {
        found.put(k, e);
      }
    }
    return found;
  }

  @Override
  public void put(String key, Entry<String> entry) {
    server.values.put(serverKey(key), new MemoryServer.Value(format.encode(entry),
        entry.expiresAt()));
  }

  @Override
  public void replace(String key, Entry<String> entry) {
    server.leases.remove(serverKey(key));
    put(key, entry);
  }

  @Override
  public void delete(Collection<? extends String> keys) {
    for (String k : keys) {
      server.values.remove(serverKey(k));
      server.leases.remove(serverKey(k));
    }
  }
}
