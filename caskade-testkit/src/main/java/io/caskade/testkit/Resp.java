package io.caskade.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal RESP client for probing servers (PING, CLUSTER INFO) without a Redis driver. */
final class Resp {

  private Resp() {}

  /**
   * Sends one command and returns its reply as text: the simple or bulk string, the integer, or
   * {@code "-ERR ..."} for an error. Throws {@link IOException} when nothing answers in time.
   */
  static String command(String host, int port, int timeoutMillis, String... args)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(new BufferedInputStream(socket.getInputStream()));
    }
  }

  /** True when {@code host:port} answers PING with PONG (or asks for auth: it is a Redis). */
  static boolean answersPing(String host, int port, int timeoutMillis) {
    try {
      String reply = command(host, port, timeoutMillis, "PING");
      return "PONG".equals(reply) || reply.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    if (line.isEmpty()) {
      throw new IOException("empty reply");
    }
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+':
      case ':':
        return rest;
      case '-':
        return line;
      case '$': {
        int len = Integer.parseInt(rest);
        if (len < 0) {
          return null;
        }
        byte[] data = in.readNBytes(len + 2);
        return new String(data, 0, len, StandardCharsets.UTF_8);
      }
      default:
        throw new IOException("unexpected reply: " + line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      buf.write(c);
    }
    if (c == -1 && buf.size() == 0) {
      throw new IOException("connection closed");
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
