package net.udp.testkit;

import net.udp.spi.UdpProvider;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a test class of the testkit supplies: the provider under test. The rules receive a fresh
 * {@link Rig} for it as a parameter; the rig closes what the rule opened.
 */
@ExtendWith(Rig.Resolver.class)
@TestMethodOrder(RuleOrder.class)
public interface ProviderUnderTest {
  /**
   * The provider the rules run against; called once per rule.
   *
   * @return the provider
   */
  UdpProvider provider();
}
