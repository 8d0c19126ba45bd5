/**
 * Spring Boot auto-configuration of Caskade: {@link io.caskade.spring.boot.CaskadeAutoConfiguration}
 * and its {@code caskade.*} properties.
 */
package io.caskade.spring.boot;
