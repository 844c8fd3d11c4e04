package net.udp.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a rule that needs a {@link Capability}: it is skipped, with the reason, for a provider
 * that declares it lacks it. A rule without this mark is required of every provider.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Requires {
  /**
   * The capabilities the rule needs.
   *
   * @return them
   */
  Capability[] value();

  /** Skips a marked rule when the provider under test lacks what it needs. */
  final class Condition implements ExecutionCondition {
    /** Made by JUnit. */
    public Condition() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Requires requires = context.getElement().map(e -> e.getAnnotation(Requires.class)).orElse(null);
      if (requires == null || context.getTestInstance().isEmpty()
          || !(context.getTestInstance().get() instanceof ProviderUnderTest test)) {
        return ConditionEvaluationResult.enabled("required of every provider");
      }
      Set<Capability> lacking = EnumSet.noneOf(Capability.class);
      lacking.addAll(test.lacks());
      for (Capability needed : requires.value()) {
        if (lacking.contains(needed)) {
          return ConditionEvaluationResult.disabled(
              "the provider declares it lacks " + needed.id() + " (" + needed.description() + "), which this rule needs");
        }
      }
      return ConditionEvaluationResult.enabled("the provider has what this rule needs");
    }
  }
}
