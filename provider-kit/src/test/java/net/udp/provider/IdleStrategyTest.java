package net.udp.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The idle strategies' text, and how spin-then-park adapts to polls that find nothing. */
class IdleStrategyTest {

  @Test
  void eachStrategyReadsBackFromItsText() {
    for (IdleStrategy s : List.of(IdleStrategy.park(), IdleStrategy.busyPoll(), IdleStrategy.spinThenPark(Duration.ofNanos(1_000L)),
        IdleStrategy.spinThenPark(Duration.ofNanos(50_000L)), IdleStrategy.spinThenPark(Duration.ofMillis(10)))) {
      assertEquals(s, IdleStrategy.parse(s.toString()), s.toString());
    }
    assertEquals(IdleStrategy.spinThenPark(IdleStrategy.DEFAULT_SPIN), IdleStrategy.parse(" Spin "));
    assertEquals(Duration.ofNanos(20_000L), IdleStrategy.parse("spin:20").spinBudget());
    assertEquals(Duration.ZERO, IdleStrategy.park().spinBudget());
  }

  @Test
  void badTextSaysWhatIsExpected() {
    for (String bad : List.of("", "fast", "spin:", "spin:0us", "spin:-5", "spin:10001us", "spin:99999999999999999999", "spin:1ms", "busy-poll")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleStrategy.parse(bad), bad);
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains("park, spin") || m.contains("1 µs to 10 ms"), () -> bad + ": " + m);
    }
  }

  @Test
  void aBadPropertyIsNamedInTheFailure() {
    String property = "net.udp.test.idle." + System.nanoTime();
    System.setProperty(property, "sometimes");
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleStrategy.fromProperty(property));
      assertTrue(String.valueOf(e.getMessage()).startsWith(property + ": "), e.getMessage());
    } finally {
      System.clearProperty(property);
    }
    assertEquals(IdleStrategy.park(), IdleStrategy.fromProperty(property), "unset, and net.udp.idle unset: park");
  }

  @Test
  void parkNeverPollsAndBusyAlwaysDoes() {
    Idler park = new Idler(IdleStrategy.park());
    Idler busy = new Idler(IdleStrategy.busyPoll());
    for (int i = 0; i < 100; i++) {
      assertFalse(park.polls());
      assertTrue(busy.polls());
      busy.foundNothing();
    }
    assertTrue(busy.neverParks());
  }

  /** Polls that find nothing make it back off for twice as long each time; a window in which polling pays starts over. */
  @Test
  void spinBacksOffAfterEmptyPollsAndComesBack() {
    Idler spin = new Idler(IdleStrategy.spinThenPark(Duration.ofNanos(50_000L)));
    for (int round = 0; round < 12; round++) {
      for (int i = 0; i < Idler.EMPTY_TO_BACK_OFF; i++) {
        assertTrue(spin.polls(), "round " + round + ", poll " + i);
        spin.foundNothing();
      }
      int expectedSkip = Math.min(1 << round, Idler.MAX_SKIP);
      for (int i = 0; i < expectedSkip; i++) {
        assertFalse(spin.polls(), "round " + round + ": park " + i + " of " + expectedSkip + " without polling");
      }
    }
    assertTrue(spin.polls(), "polls again after the longest back-off");
    for (int i = 0; i < Idler.WINDOW; i++) {
      spin.found();
    }
    for (int i = 0; i < Idler.EMPTY_TO_BACK_OFF; i++) {
      assertTrue(spin.polls());
      spin.foundNothing();
    }
    assertFalse(spin.polls(), "after a window of polls that found something, the next back-off is one park again");
    assertTrue(spin.polls());
  }

  /** On a CPU shared with the peer, found and empty polls alternate: that backs off too, for longer each time. */
  @Test
  void alternatingPollsBackOffAndKeepGrowing() {
    Idler spin = new Idler(IdleStrategy.spinThenPark(Duration.ofNanos(50_000L)));
    int parksWithoutPolling = 0;
    for (int turn = 0; turn < 20_000; turn++) {
      if (!spin.polls()) {
        parksWithoutPolling++;
      } else if (turn % 2 == 0) {
        spin.found();
      } else {
        spin.foundNothing();
      }
    }
    assertTrue(parksWithoutPolling > 19_000, "polled in " + (20_000 - parksWithoutPolling) + " of 20,000 turns");
  }

  /** A rare empty poll among many that found something does not stop the polling. */
  @Test
  void rareEmptyPollsDoNotBackOff() {
    Idler spin = new Idler(IdleStrategy.spinThenPark(Duration.ofNanos(50_000L)));
    for (int turn = 0; turn < 10_000; turn++) {
      assertTrue(spin.polls(), "turn " + turn);
      if (turn % 100 == 0) {
        spin.foundNothing();
      } else {
        spin.found();
      }
    }
  }
}
