package io.caskade.cdc.postgres;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row image from the change log, as pgoutput sends it: every column's value in PostgreSQL's
 * text format, {@code null} for SQL NULL. A column whose value did not change and is stored
 * out of line (unchanged TOAST) is absent. For a delete, and the old image of an update, only the
 * replica identity's columns are present unless the table has {@code REPLICA IDENTITY FULL}.
 */
public final class Row {

  private final String table;
  private final Map<String, String> values;

  Row(String table, Map<String, String> values) {
    this.table = Objects.requireNonNull(table, "table");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A row of {@code table} ({@code schema.name}) with these text values (for tests and tools). */
  public static Row of(String table, Map<String, String> values) {
    return new Row(table, values);
  }

  /** The row's table, {@code schema.name}. */
  public String table() {
    return table;
  }

  /** True when the image carries {@code column} (possibly as NULL). */
  public boolean has(String column) {
    return values.containsKey(column);
  }

  /**
   * The column's text value, or null for SQL NULL.
   *
   * @throws IllegalArgumentException when the image does not carry the column (not in the
   *     replica identity, or unchanged TOAST)
   */
  public String get(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("column " + column + " is not in this image of " + table
          + " (has " + values.keySet() + "); use REPLICA IDENTITY FULL or key columns");
    }
    return values.get(column);
  }

  /** The column as a long ({@link #get} parsed). */
  public long getLong(String column) {
    String v = get(column);
    if (v == null) {
      throw new IllegalArgumentException("column " + column + " of " + table + " is NULL");
    }
    return Long.parseLong(v);
  }

  /** Every column the image carries, by name, in table order. */
  public Map<String, String> values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && r.table.equals(table) && r.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, values);
  }

  @Override
  public String toString() {
    return table + values;
  }
}
