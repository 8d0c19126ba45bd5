/** JSR-107 entry listeners: registrations with their filters, and the events of one operation. */
package io.caskade.jcache.event;
