package net.udp.provider;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What an event loop does when it has nothing to do: park its thread at once until an event comes
 * (the default), poll for a while first and then park, or never park. Waking a parked thread
 * costs each event some tens of microseconds when it comes from another CPU; polling saves that
 * and spends the CPU meanwhile.
 *
 * <ul>
 *   <li>{@link #park()}: no CPU while idle; each event that finds the loop asleep pays a wake-up.
 *   <li>{@link #spinThenPark(Duration)}: after its last event, the loop polls without blocking for
 *       up to the budget before it parks, so an answer that comes within the budget finds it
 *       awake. It adapts: after several polls in a row that found nothing (the peer is slower than
 *       the budget, or shares the loop's CPU, where polling only keeps it from running) it stops
 *       polling, for longer each time, until a poll finds something again.
 *   <li>{@link #busyPoll()}: never parks, for a loop with a CPU of its own; a whole CPU while idle.
 * </ul>
 *
 * <p>Chosen per {@link LoopGroup}; a provider reads it from a system property with {@link
 * #fromProperty(String)} (for example {@code -Dnet.udp.epoll.idle=spin:50us}).
 */
public final class IdleStrategy {
  /** The budget of {@code spin} without one: about two cross-CPU wake-ups. */
  public static final Duration DEFAULT_SPIN = Duration.ofNanos(50_000L);

  private static final IdleStrategy PARK = new IdleStrategy(Kind.PARK, 0);
  private static final IdleStrategy BUSY = new IdleStrategy(Kind.BUSY_POLL, 0);

  /** The three ways. */
  public enum Kind {
    /** Park at once. */
    PARK,
    /** Poll for a budget, adaptively, then park. */
    SPIN_THEN_PARK,
    /** Never park. */
    BUSY_POLL
  }

  private final Kind kind;
  private final long spinNanos;

  private IdleStrategy(Kind kind, long spinNanos) {
    this.kind = kind;
    this.spinNanos = spinNanos;
  }

  /**
   * Parks the loop at once when it has nothing to do: the default.
   *
   * @return the strategy
   */
  public static IdleStrategy park() {
    return PARK;
  }

  /**
   * Polls for up to {@code budget} after the last event before parking, adaptively.
   *
   * @param budget how long to poll, from 1 µs to 10 ms
   * @return the strategy
   * @throws IllegalArgumentException if the budget is outside that range
   */
  public static IdleStrategy spinThenPark(Duration budget) {
    long nanos = Objects.requireNonNull(budget, "budget").toNanos();
    if (nanos < 1_000 || nanos > 10_000_000) {
      throw new IllegalArgumentException("a spin budget is 1 µs to 10 ms, not " + budget.toNanos() / 1_000 + " µs");
    }
    return new IdleStrategy(Kind.SPIN_THEN_PARK, nanos);
  }

  /**
   * Never parks: the loop polls without pause, for a loop with a CPU of its own.
   *
   * @return the strategy
   */
  public static IdleStrategy busyPoll() {
    return BUSY;
  }

  /**
   * Reads a strategy from its text: {@code park}, {@code spin} (for {@link #DEFAULT_SPIN}), {@code
   * spin:N} or {@code spin:Nus} (N microseconds), or {@code busy}.
   *
   * @param text the text
   * @return the strategy
   * @throws IllegalArgumentException if the text is none of these, with what is expected
   */
  public static IdleStrategy parse(String text) {
    String t = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
    if (t.equals("park")) {
      return park();
    }
    if (t.equals("busy")) {
      return busyPoll();
    }
    if (t.equals("spin")) {
      return spinThenPark(DEFAULT_SPIN);
    }
    if (t.startsWith("spin:")) {
      String micros = t.substring(5);
      micros = micros.endsWith("us") ? micros.substring(0, micros.length() - 2) : micros;
      try {
        return spinThenPark(Duration.ofNanos(Math.multiplyExact(Long.parseLong(micros.strip()), 1_000L)));
      } catch (NumberFormatException | ArithmeticException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("an idle strategy is park, spin, spin:<microseconds>us or busy, not \"" + text + "\"");
  }

  /**
   * The strategy a system property names ({@link #parse}), or, when it is not set, the one {@code
   * net.udp.idle} names, or {@link #park()}.
   *
   * @param property the provider's property, such as {@code net.udp.epoll.idle}
   * @return the strategy
   * @throws IllegalArgumentException if the property's value is not a strategy, naming the property
   */
  public static IdleStrategy fromProperty(String property) {
    String name = System.getProperty(property) != null ? property : "net.udp.idle";
    String value = System.getProperty(name);
    if (value == null) {
      return park();
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Which way this is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * How long a {@link Kind#SPIN_THEN_PARK} loop polls before parking.
   *
   * @return the budget; zero for the other kinds
   */
  public Duration spinBudget() {
    return Duration.ofNanos(spinNanos);
  }

  long spinNanos() {
    return spinNanos;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdleStrategy s && s.kind == kind && s.spinNanos == spinNanos;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Long.hashCode(spinNanos);
  }

  /** The text {@link #parse} reads: {@code park}, {@code spin:50us} or {@code busy}. */
  @Override
  public String toString() {
    return switch (kind) {
      case PARK -> "park";
      case SPIN_THEN_PARK -> "spin:" + spinNanos / 1_000 + "us";
      case BUSY_POLL -> "busy";
    };
  }
}
