/** JSR-107 statistics and configuration MXBeans, registered in the platform MBean server. */
package io.caskade.jcache.management;
