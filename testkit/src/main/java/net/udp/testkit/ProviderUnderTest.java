package net.udp.testkit;

import java.util.Set;
import net.udp.spi.UdpProvider;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a test class of the testkit supplies: the provider under test, and what it lacks. The
 * rules receive a fresh {@link Rig} for it as a parameter; the rig closes what the rule opened.
 */
@ExtendWith({Rig.Resolver.class, Requires.Condition.class})
@TestMethodOrder(RuleOrder.class)
public interface ProviderUnderTest {
  /**
   * The provider the rules run against; called once per rule.
   *
   * @return the provider
   */
  UdpProvider provider();

  /**
   * The capabilities the provider declares it lacks: the rules that need them are skipped, with
   * the reason. None by default: every rule is then required.
   *
   * @return what the provider lacks
   */
  default Set<Capability> lacks() {
    return Set.of();
  }
}
