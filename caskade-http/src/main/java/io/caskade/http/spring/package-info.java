/** Spring MVC support: {@code ResponseEntity}s with Spring's {@code CacheControl} (optional). */
package io.caskade.http.spring;
