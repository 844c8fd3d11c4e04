package net.udp.testkit;

import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * How long a rule may run in all: {@value #PATIENCES} times the patience ({@link Rig#patience()}),
 * so that a slow machine given more patience gives every rule more time, and a rule that hangs in
 * a provider's call fails with its id instead of hanging the build. Each wait inside a rule is one
 * patience at most; no rule makes more than a few dozen of them.
 *
 * <p>The rule runs on a thread of its own (JUnit's preemptive timeout), which the rules allow: none
 * depends on the thread it starts on.
 */
public final class RuleBound implements InvocationInterceptor {
  /** A rule's bound, in patiences. */
  public static final int PATIENCES = 24;

  /** Creates the interceptor; JUnit does, for every class of rules. */
  public RuleBound() {}

  /**
   * The bound of one rule at the patience in effect.
   *
   * @return how long a rule may run
   */
  public static Duration ofOneRule() {
    return Rig.patience().multipliedBy(PATIENCES);
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context) throws Throwable {
    Duration bound = ofOneRule();
    String rule = context.getDisplayName();
    Assertions.assertTimeoutPreemptively(bound, () -> {
      invocation.proceed();
      return null;
    }, () -> firstWord(rule) + " ran longer than its bound, " + PATIENCES + " times the patience of " + Rig.patience().toMillis() / 1000.0
        + " s: a call into the provider that never returns? (a slow machine wants more patience: -D" + Rig.PATIENCE_PROPERTY + "=SECONDS)");
  }

  private static String firstWord(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }
}
