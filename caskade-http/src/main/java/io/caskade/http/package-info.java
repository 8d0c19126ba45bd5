/**
 * The CDN and browser layers of the hierarchy: HTTP caching headers derived from a cache's own
 * policy ({@link io.caskade.http.HttpCachePolicy}), validators and 304s from entry metadata
 * ({@link io.caskade.http.Validators}), surrogate keys ({@link io.caskade.http.SurrogateKeys}), all
 * put together by the framework-neutral {@link io.caskade.http.HttpCacheResponder}.
 */
package io.caskade.http;
