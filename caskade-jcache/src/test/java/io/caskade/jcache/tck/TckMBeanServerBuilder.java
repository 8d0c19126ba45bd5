package io.caskade.jcache.tck;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * Lets the JSR-107 TCK find the platform MBean server (where the provider registers its MXBeans)
 * by the agent id it is given in {@code org.jsr107.tck.management.agentId}. Set as
 * {@code javax.management.builder.initial} in the TCK's Surefire runs.
 */
public final class TckMBeanServerBuilder extends MBeanServerBuilder {

  @Override
  public MBeanServerDelegate newMBeanServerDelegate() {
    return new MBeanServerDelegate() {
      @Override
      public synchronized String getMBeanServerId() {
        return System.getProperty("org.jsr107.tck.management.agentId", "CaskadeMBeanServer");
      }
    };
  }

  @Override
  public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer,
      MBeanServerDelegate delegate) {
    return super.newMBeanServer(defaultDomain, outer, delegate);
  }
}
