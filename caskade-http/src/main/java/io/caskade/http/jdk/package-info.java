/** Serving a cache over the JDK's {@code com.sun.net.httpserver.HttpServer}. */
package io.caskade.http.jdk;
