/** The invalidation bus on Redis pub/sub, with lost-subscription detection. */
package io.caskade.redis.bus;
