/**
 * Varnish 7: the shipped VCL ({@link io.caskade.http.varnish.CaskadeVcl}) and purging by
 * surrogate key through vmod xkey ({@link io.caskade.http.varnish.VarnishPurger}).
 */
package io.caskade.http.varnish;
