package net.udp.testkit;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/** Runs the rules in the order of their ids: UDP-1.1, UDP-1.2, ..., UDP-2.1, ..., UDP-10.1. */
public final class RuleOrder implements MethodOrderer {
  private static final Pattern ID = Pattern.compile("udp_(\\d+)_(\\d+)_.*");

  /** Creates the orderer; JUnit does. */
  public RuleOrder() {}

  @Override
  public void orderMethods(MethodOrdererContext context) {
    context.getMethodDescriptors().sort(Comparator.comparingLong(RuleOrder::rank));
  }

  private static long rank(MethodDescriptor method) {
    Matcher m = ID.matcher(method.getMethod().getName());
    return m.matches() ? Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) : Long.MAX_VALUE;
  }
}
