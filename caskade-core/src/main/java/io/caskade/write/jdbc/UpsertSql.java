package io.caskade.write.jdbc;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The upsert and delete statements of one table mapping, per dialect. */
final class UpsertSql {

  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  final String upsert;
  final String delete;

  /**
   * Statements for {@code table}: parameters are the key, the value columns in order, then the
   * sequence when {@code seqColumn} is not null; the delete takes the key (then the sequence).
   */
  UpsertSql(JdbcDialect dialect, String table, String keyColumn, List<String> valueColumns,
      String seqColumn) {
    check(table);
    check(keyColumn);
    valueColumns.forEach(UpsertSql::check);
    if (seqColumn != null) {
      check(seqColumn);
    }
    List<String> all = new java.util.ArrayList<>();
    all.add(keyColumn);
    all.addAll(valueColumns);
    if (seqColumn != null) {
      all.add(seqColumn);
    }
    String cols = String.join(", ", all);
    String params = all.stream().map(c -> "?").collect(Collectors.joining(", "));
    List<String> updated = new java.util.ArrayList<>(valueColumns);
    if (seqColumn != null) {
      updated.add(seqColumn);
    }
    if (dialect == JdbcDialect.POSTGRESQL) {
      String set = updated.stream().map(c -> c + " = EXCLUDED." + c)
          .collect(Collectors.joining(", "));
      String onConflict = updated.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + set
          + (seqColumn == null ? "" : " WHERE t." + seqColumn + " IS NULL OR t." + seqColumn
              + " < EXCLUDED." + seqColumn);
      this.upsert = "INSERT INTO " + table + " AS t (" + cols + ") VALUES (" + params
          + ") ON CONFLICT (" + keyColumn + ") " + onConflict;
    } else if (seqColumn == null) {
      this.upsert = "MERGE INTO " + table + " (" + cols + ") KEY (" + keyColumn + ") VALUES ("
          + params + ")";
    } else {
      String set = updated.stream().map(c -> c + " = s." + c).collect(Collectors.joining(", "));
      String sourceCols = all.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
      this.upsert = "MERGE INTO " + table + " AS t USING (VALUES (" + params + ")) AS s ("
          + cols + ") ON t." + keyColumn + " = s." + keyColumn
          + " WHEN MATCHED AND (t." + seqColumn + " IS NULL OR t." + seqColumn + " < s."
          + seqColumn + ") THEN UPDATE SET " + set
          + " WHEN NOT MATCHED THEN INSERT (" + cols + ") VALUES (" + sourceCols + ")";
    }
    this.delete = "DELETE FROM " + table + " WHERE " + keyColumn + " = ?"
        + (seqColumn == null ? "" : " AND (" + seqColumn + " IS NULL OR " + seqColumn + " <= ?)");
  }

  private static void check(String identifier) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
    }
  }
}
