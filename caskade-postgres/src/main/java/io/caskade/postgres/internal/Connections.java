package io.caskade.postgres.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens the hub's connections with the driver's properties (timeouts, application name). */
final class Connections {

  private Connections() {}

  /**
   * A new connection named {@code applicationName}; {@code socketTimeout} zero for none (the
   * listening connection, whose loop checks it instead).
   */
  static Connection open(BusSettings settings, String applicationName, boolean socketTimeout)
      throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", settings.user());
    if (!settings.password().isEmpty()) {
      props.setProperty("password", settings.password());
    }
    props.setProperty("ApplicationName", applicationName);
    long seconds = Math.max(1, settings.timeout().toSeconds());
    props.setProperty("connectTimeout", Long.toString(seconds));
    props.setProperty("loginTimeout", Long.toString(seconds));
    props.setProperty("socketTimeout", socketTimeout ? Long.toString(seconds) : "0");
    props.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(settings.url(), props);
  }
}
