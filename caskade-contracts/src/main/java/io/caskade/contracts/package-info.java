/**
 * Contract suites for the tier SPI: abstract JUnit 5 classes that a tier module extends in its
 * test sources, implementing the factory methods (and hooks such as writing raw bytes or losing a
 * counter) against a real server. A new tier is correct when it passes them.
 *
 * <ul>
 *   <li>{@link io.caskade.contracts.TierStoreContract} for a {@link io.caskade.tier.TierStore};
 *   <li>{@link io.caskade.contracts.LeasesContract} for {@link io.caskade.tier.Leases} over their
 *       store;
 *   <li>{@link io.caskade.contracts.VersionStoreContract} for a
 *       {@link io.caskade.tier.VersionStore};
 *   <li>{@link io.caskade.contracts.InvalidationBusContract} for an
 *       {@link io.caskade.bus.InvalidationBus};
 *   <li>{@link io.caskade.contracts.ComposedTierContract} for the parts composed by
 *       {@link io.caskade.tier.compose.Tiers#compose} under two caches.
 * </ul>
 *
 * Every suite works on {@code String} keys and values and on its own cache names (random), so
 * suites can share one server with other tests.
 */
package io.caskade.contracts;
