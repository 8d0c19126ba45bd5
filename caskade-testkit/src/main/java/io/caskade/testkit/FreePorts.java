package io.caskade.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface. */
final class FreePorts {

  private FreePorts() {}

  /**
   * A port nothing listens on right now. For a cluster node, its bus port ({@code port + 10000})
   * must be free too, so pass {@code withClusterBus}.
   */
  static int find(boolean withClusterBus) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = ephemeral();
      if (!withClusterBus || (port + 10000 <= 65535 && isFree(port + 10000))) {
        return port;
      }
    }
    throw new IllegalStateException("no free port found");
  }

  private static int ephemeral() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
