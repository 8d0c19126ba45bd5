package io.caskade.postgres.internal;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * What a hub was built with (immutable; see {@code PostgresBusHub.Builder}).
 *
 * @param url the JDBC URL of the listening (and, without a data source, publishing) connection
 * @param user the user
 * @param password the password (empty for trust authentication)
 * @param applicationName the prefix of the connections' {@code application_name}
 * @param reconnectInterval the first wait before reconnecting; doubled per failure
 * @param maxReconnectInterval the longest wait between reconnection attempts
 * @param pollInterval how long the listening loop waits for notifications at a time
 * @param healthCheckInterval how often an idle listening connection is checked
 * @param timeout connect and socket timeout of a publish
 * @param publishing a data source to publish through, or null for a connection of the hub's own
 */
public record BusSettings(String url, String user, String password, String applicationName,
    Duration reconnectInterval, Duration maxReconnectInterval, Duration pollInterval,
    Duration healthCheckInterval, Duration timeout, DataSource publishing) {}
