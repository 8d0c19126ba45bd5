/** The JSON configuration file a cache manager's URI names: caches by name, and defaults. */
package io.caskade.jcache.config;
