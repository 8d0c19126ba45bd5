/**
 * Cache invalidation from PostgreSQL's change log: {@link io.caskade.cdc.postgres.ChangeLogInvalidator}
 * streams a logical replication slot (pgoutput) and invalidates the keys and tags that each
 * committed row change maps to ({@link io.caskade.cdc.postgres.TableMapping}), at-least-once;
 * {@link io.caskade.cdc.postgres.SlotMonitor} warns when a slot retains too much WAL.
 */
package io.caskade.cdc.postgres;
