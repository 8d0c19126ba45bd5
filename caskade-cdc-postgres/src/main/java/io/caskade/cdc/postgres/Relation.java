package io.caskade.cdc.postgres;

import java.util.List;

/**
 * A table as pgoutput describes it before its first change in a session.
 *
 * @param id the relation's OID
 * @param table {@code schema.name}
 * @param columns column names, in tuple order
 */
record Relation(int id, String table, List<String> columns) {}
