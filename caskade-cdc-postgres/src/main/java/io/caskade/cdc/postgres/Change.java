package io.caskade.cdc.postgres;

import java.util.Objects;

/**
 * One committed row change of a mapped table.
 *
 * @param table {@code schema.name}
 * @param kind insert, update or delete
 * @param before the old image: for updates and deletes, the replica identity's columns (all of
 *     them with {@code REPLICA IDENTITY FULL}); null for inserts, and for updates that kept the
 *     key under the default identity
 * @param after the new image; null for deletes
 */
public record Change(String table, Kind kind, Row before, Row after) {

  /** What happened to the row. */
  public enum Kind { INSERT, UPDATE, DELETE }

  public Change {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(kind, "kind");
  }
}
