/**
 * An invalidation bus on PostgreSQL {@code LISTEN/NOTIFY}, for deployments without Redis (a
 * Memcached store, for example): {@link io.caskade.postgres.PostgresBusHub} holds one listening
 * connection per application; {@link io.caskade.postgres.PostgresBusHub#bus()} gives each cache
 * its {@link io.caskade.postgres.PostgresBus}, composed with a store by
 * {@link io.caskade.tier.compose.Tiers#compose}.
 */
package io.caskade.postgres;
