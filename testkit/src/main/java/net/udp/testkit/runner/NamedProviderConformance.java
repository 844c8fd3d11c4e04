package net.udp.testkit.runner;

import net.udp.Udp;
import net.udp.spi.UdpProvider;
import net.udp.testkit.UdpConformance;

/**
 * The rules, run against the provider named by the system property {@value #PROPERTY}, as {@link
 * ConformanceRunner} sets it. Not meant to be picked up by a build's own test scan (it lives in
 * the testkit's jar, not in a project's test classes).
 */
public class NamedProviderConformance implements UdpConformance {
  /** The system property that names the provider under test. */
  public static final String PROPERTY = "net.udp.testkit.provider";

  /** Creates the test class; JUnit calls this once per rule. */
  public NamedProviderConformance() {}

  @Override
  public UdpProvider provider() {
    String name = System.getProperty(PROPERTY);
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("set -D" + PROPERTY + "=NAME to the provider under test");
    }
    return Udp.provider(name);
  }
}
