/**
 * Caskade behind Spring's cache abstraction: {@link io.caskade.spring.CaskadeCacheManager} and
 * {@link io.caskade.spring.CaskadeSpringCache} (Spring Framework 7, no Spring Boot).
 */
package io.caskade.spring;
