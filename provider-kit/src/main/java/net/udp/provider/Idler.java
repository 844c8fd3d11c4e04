package net.udp.provider;

/**
 * One loop's way of being idle ({@link IdleStrategy}), with the state spin-then-park adapts by.
 * It keeps the outcome of the last {@link #WINDOW} polls. When {@link #EMPTY_TO_BACK_OFF} of them
 * found nothing, the loop parks without polling for a number of turns that doubles each time that
 * happens again (up to {@link #MAX_SKIP}), then polls again; a full window with at most one empty
 * poll shows polling pays, and the next back-off is short again.
 *
 * <p>Why a share, not a run of empty polls: on a CPU shared with its peer, the loop's polling keeps
 * the peer from running until the kernel preempts the loop, so some polls find the peer's answer
 * late and others find nothing, in turn; a run of empty polls would never grow, while the share of
 * them stays high. A peer slower than the budget shows the same. Loop thread only.
 */
final class Idler {
  static final int WINDOW = 16;
  static final int EMPTY_TO_BACK_OFF = 4;
  static final int MAX_SKIP = 1024;

  private final IdleStrategy strategy;
  private int history; // the last WINDOW polls, newest lowest: 1 for one that found nothing
  private int polls; // polls since the last back-off, up to WINDOW
  private int skip; // parks left to make without polling
  private int nextSkip = 1;

  Idler(IdleStrategy strategy) {
    this.strategy = strategy;
  }

  IdleStrategy strategy() {
    return strategy;
  }

  /** Whether the loop polls before it parks this time. */
  boolean polls() {
    return switch (strategy.kind()) {
      case PARK -> false;
      case BUSY_POLL -> true;
      case SPIN_THEN_PARK -> {
        if (skip > 0) {
          skip--;
          yield false;
        }
        yield true;
      }
    };
  }

  /** Whether the loop polls without end. */
  boolean neverParks() {
    return strategy.kind() == IdleStrategy.Kind.BUSY_POLL;
  }

  /** How long a poll lasts, in nanoseconds. */
  long budgetNanos() {
    return strategy.spinNanos();
  }

  /** A poll found an event or a task. */
  void found() {
    record(0);
  }

  /** A poll found nothing within its budget: the loop parks. */
  void foundNothing() {
    record(1);
  }

  private void record(int empty) {
    history = ((history << 1) | empty) & ((1 << WINDOW) - 1);
    polls = Math.min(polls + 1, WINDOW);
    int empties = Integer.bitCount(history);
    if (empties >= EMPTY_TO_BACK_OFF) {
      skip = nextSkip;
      nextSkip = Math.min(nextSkip * 2, MAX_SKIP);
      history = 0;
      polls = 0;
    } else if (polls == WINDOW && empties <= 1) {
      nextSkip = 1;
    }
  }
}
