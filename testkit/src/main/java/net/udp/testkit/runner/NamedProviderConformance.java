package net.udp.testkit.runner;

import net.udp.Udp;
import net.udp.spi.UdpProvider;
import java.util.EnumSet;
import java.util.Set;
import net.udp.testkit.Capability;
import net.udp.testkit.UdpConformance;

/**
 * The rules, run against the provider named by the system property {@value #PROPERTY}, as {@link
 * ConformanceRunner} sets it. Not meant to be picked up by a build's own test scan (it lives in
 * the testkit's jar, not in a project's test classes).
 */
public class NamedProviderConformance implements UdpConformance {
  /** The system property that names the provider under test. */
  public static final String PROPERTY = "net.udp.testkit.provider";

  /** The system property that lists what it lacks, by {@link Capability#id()}, comma-separated. */
  public static final String LACKS_PROPERTY = "net.udp.testkit.lacks";

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

  @Override
  public Set<Capability> lacks() {
    Set<Capability> lacking = EnumSet.noneOf(Capability.class);
    for (String id : System.getProperty(LACKS_PROPERTY, "").split(",", -1)) {
      if (!id.isBlank()) {
        lacking.add(Capability.byId(id).orElseThrow(() -> new IllegalArgumentException("no capability named " + id)));
      }
    }
    return lacking;
  }
}
