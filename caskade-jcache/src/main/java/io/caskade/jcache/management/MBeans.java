package io.caskade.jcache.management;

import java.lang.management.ManagementFactory;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server under the JSR-107 names
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 */
public final class MBeans {

  private MBeans() {}

  public enum Kind {
    CONFIGURATION("CacheConfiguration"), STATISTICS("CacheStatistics");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  public static void register(Object bean, Kind kind, String managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(kind, managerUri, cacheName);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // registered concurrently: fine
    } catch (Exception e) {
      throw new CacheException("cannot register " + name, e);
    }
  }

  public static void unregister(Kind kind, String managerUri, String cacheName) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = name(kind, managerUri, cacheName);
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // unregistered concurrently: fine
    } catch (Exception e) {
      throw new CacheException("cannot unregister " + name, e);
    }
  }

  static ObjectName name(Kind kind, String managerUri, String cacheName) {
    try {
      return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager="
          + sanitize(managerUri) + ",Cache=" + sanitize(cacheName));
    } catch (MalformedObjectNameException e) {
      throw new CacheException(e);
    }
  }

  private static String sanitize(String s) {
    return s == null ? "" : s.replaceAll("[,:=*?\"\n]", ".");
  }
}
