package io.caskade.cdc.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.PGConnection;

/** Creates (or drops) the publication and the logical replication slot. */
final class SlotSetup {

  private static final String DUPLICATE_OBJECT = "42710";

  private final ConnectionFactory connections;
  private final String slot;
  private final String publication;

  SlotSetup(ConnectionFactory connections, String slot, String publication) {
    this.connections = connections;
    this.slot = slot;
    this.publication = publication;
  }

  /** Creates the publication for {@code tables}, or adds the tables it lacks. */
  void ensurePublication(Collection<String> tables) throws SQLException {
    try (Connection c = connections.open()) {
      Set<String> published = new HashSet<>();
      boolean exists = false;
      try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
        p.setString(1, publication);
        try (ResultSet rs = p.executeQuery()) {
          exists = rs.next();
        }
      }
      if (exists) {
        try (PreparedStatement p = c.prepareStatement("SELECT schemaname || '.' || tablename"
            + " FROM pg_publication_tables WHERE pubname = ?")) {
          p.setString(1, publication);
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              published.add(rs.getString(1));
            }
          }
        }
      }
      Set<String> missing = new TreeSet<>(tables);
      missing.removeAll(published);
      if (missing.isEmpty()) {
        return;
      }
      String list = String.join(", ", missing);
      try (Statement s = c.createStatement()) {
        s.execute(exists ? "ALTER PUBLICATION " + publication + " ADD TABLE " + list
            : "CREATE PUBLICATION " + publication + " FOR TABLE " + list);
      } catch (SQLException e) {
        if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
          throw e;
        }  // else another instance created it at the same moment: fine
      }
    }
  }

  /** Creates the slot with the pgoutput plugin unless it exists. */
  void ensureSlot() throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement p = c.prepareStatement(
            "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
      p.setString(1, slot);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (Connection r = connections.openReplication()) {
      r.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
          .withSlotName(slot).withOutputPlugin("pgoutput").make();
    } catch (SQLException e) {
      if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  void dropSlot() throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement p = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name)"
            + " FROM pg_replication_slots WHERE slot_name = ?")) {
      p.setString(1, slot);
      p.execute();
    }
  }
}
