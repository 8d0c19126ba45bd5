/**
 * Real services for tests and the lab: the shared Redis ({@link io.caskade.testkit.RedisServers}),
 * our own redis-server processes ({@link io.caskade.testkit.RedisProcess}), a 3-master cluster
 * ({@link io.caskade.testkit.RedisClusterProcess}) and PostgreSQL discovery
 * ({@link io.caskade.testkit.PostgresServers}).
 */
package io.caskade.testkit;
