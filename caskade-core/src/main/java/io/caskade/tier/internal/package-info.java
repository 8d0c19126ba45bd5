/**
 * The composed tier's engine (not exported, except to Caskade's own tier modules): the tier that
 * joins a store, leases, a version store and a bus; the cached namespace generation and tag
 * versions; the queue of invalidations waiting for replay.
 */
package io.caskade.tier.internal;
