/** The Lua scripts behind fleet-wide leases and lease-voiding invalidation. */
package io.caskade.redis.lease;
