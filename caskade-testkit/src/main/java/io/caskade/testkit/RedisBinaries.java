package io.caskade.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Where the {@code redis-server} and {@code redis-cli} binaries are: on PATH, else (server only)
 * the one bundled in the embedded-redis jar, extracted once per JVM.
 */
final class RedisBinaries {

  private static Path extractedServer;

  private RedisBinaries() {}

  /** A real redis-server binary: PATH first, then the embedded-redis jar's. */
  static synchronized Path server() {
    Path onPath = onPath("redis-server");
    if (onPath != null) {
      return onPath;
    }
    return bundledServer();
  }

  /** The redis-server bundled in the embedded-redis jar, extracted once per JVM. */
  static synchronized Path bundledServer() {
    if (extractedServer == null) {
      extractedServer = extractBundled();
    }
    return extractedServer;
  }

  /** redis-cli on PATH (needed to create a cluster), or an explanation of what to install. */
  static Path cli() {
    Path onPath = onPath("redis-cli");
    if (onPath == null) {
      throw new IllegalStateException(
          "redis-cli is not on PATH; install it (Debian: apt-get install redis-tools)");
    }
    return onPath;
  }

  static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Path extractBundled() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String resource;
    if (os.contains("linux")) {
      resource = arch.contains("aarch64") || arch.contains("arm64")
          ? "/redis-server-6.2.7-linux-arm64" : "/redis-server-6.2.6-v5-linux-amd64";
    } else if (os.contains("mac")) {
      resource = arch.contains("aarch64") ? "/redis-server-6.2.6-v5-darwin-arm64"
          : "/redis-server-6.2.6-v5-darwin-amd64";
    } else {
      throw new IllegalStateException("no redis-server on PATH and none bundled for " + os);
    }
    try (InputStream in = RedisBinaries.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("embedded-redis binary " + resource + " not on classpath");
      }
      Path target = Files.createTempFile("caskade-redis-server", "");
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true);
      target.toFile().deleteOnExit();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
