/**
 * Hot-key snapshots: the SPI ({@link io.caskade.snapshot.HotKeySnapshots}) where a cache keeps the
 * list of its hottest keys between runs (set with {@code CacheBuilder.hotKeySnapshots}), and an
 * in-memory store. Warming a cache from a snapshot is {@code io.caskade.warmup.WarmUp}'s job.
 */
package io.caskade.snapshot;
