package io.caskade.jcache.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.CacheException;

/**
 * The configuration file a cache manager's URI names, in JSON:
 *
 * <pre>{@code
 * {
 *   "defaults": { "redis": "redis://127.0.0.1:6379", "ttl": "10m", "statistics": true },
 *   "caches": {
 *     "com.example.User": { "ttl": "30m", "maximumSize": 50000 },
 *     "default-query-results-region": { "ttl": "5m", "l1": false }
 *   }
 * }
 * }</pre>
 *
 * URIs: {@code classpath:path/to/file.json}, {@code file:/abs/path.json}, or any URL. A URI that
 * is not a {@code .json} file (the default {@code caskade:default}) means no file.
 */
public final class FileConfiguration {

  /** The JSON document. */
  public static final class Document {
    public CacheSettings defaults;
    public Map<String, CacheSettings> caches = new LinkedHashMap<>();
  }

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private final Document document;

  private FileConfiguration(Document document) {
    this.document = document;
  }

  /** The file {@code uri} names, or an empty configuration when it names none. */
  public static FileConfiguration load(URI uri, ClassLoader loader) {
    String s = withoutQuery(uri.toString());
    if (!s.endsWith(".json")) {
      return new FileConfiguration(new Document());
    }
    try (InputStream in = open(uri, loader)) {
      Document d = JSON.readValue(in, Document.class);
      if (d.caches == null) {
        d.caches = new LinkedHashMap<>();
      }
      return new FileConfiguration(d);
    } catch (IOException e) {
      throw new CacheException("cannot read the cache configuration " + uri + ": " + e.getMessage(), e);
    }
  }

  /** A query ({@code ?instance=a}) tells managers of one file apart; it is not part of the file. */
  private static String withoutQuery(String s) {
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q);
  }

  private static InputStream open(URI uri, ClassLoader loader) throws IOException {
    if ("classpath".equals(uri.getScheme())) {
      String path = withoutQuery(uri.getSchemeSpecificPart()).replaceFirst("^/+", "");
      URL url = loader.getResource(path);
      if (url == null) {
        throw new IOException("no classpath resource " + path);
      }
      return url.openStream();
    }
    if (uri.getScheme() == null) {
      return Files.newInputStream(Path.of(withoutQuery(uri.toString())));
    }
    return URI.create(withoutQuery(uri.toString())).toURL().openStream();
  }

  /** The settings of a cache the file declares (defaults applied), or null. */
  public CacheSettings declared(String cacheName) {
    CacheSettings s = document.caches.get(cacheName);
    return s == null ? null : s.over(document.defaults);
  }

  /** The settings for any cache of that name: its own over the defaults, or null when none. */
  public CacheSettings settingsFor(String cacheName) {
    CacheSettings s = declared(cacheName);
    return s != null ? s : document.defaults;
  }
}
