/** A Jakarta Servlet filter answering cached resources (needs {@code jakarta.servlet-api} 6). */
package io.caskade.http.servlet;
