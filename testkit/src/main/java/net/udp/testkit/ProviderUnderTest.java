package net.udp.testkit;

import java.util.Set;
import net.udp.spi.UdpProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a test class of the testkit supplies: the provider under test, and what it lacks. The
 * rules receive a fresh {@link Rig} for it as a parameter; the rig closes what the rule opened.
 *
 * <p>Each rule is bounded by {@link RuleBound}, a multiple of the patience. The {@code @Timeout}
 * here only keeps a project's own default JUnit timeout (often a minute) from cutting a rule
 * short on a slow machine given more patience.
 */
@ExtendWith({Rig.Resolver.class, Requires.Condition.class, RuleBound.class})
@Timeout(value = 1, unit = TimeUnit.HOURS)
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
