/**
 * Composing a shared tier from its concerns: {@link io.caskade.tier.compose.Tiers#compose} joins a
 * store, leases, a version store and a bus into a {@link io.caskade.tier.compose.ComposedTier}.
 * Package-private: the cached namespace generation and tag versions, the queue of invalidations
 * waiting for replay, the shared maintenance thread.
 */
package io.caskade.tier.compose;
