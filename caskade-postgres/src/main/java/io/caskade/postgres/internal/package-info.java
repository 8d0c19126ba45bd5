/**
 * How the PostgreSQL bus works, not exported: channel names, splitting messages to fit a
 * notification, the connections and the listening loop.
 */
package io.caskade.postgres.internal;
