package net.udp.testkit.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The property engine: it finds failures, shrinks them to the known minimum, and replays seeds. */
class PropertyEngineTest {

  private static PropertyFailure failureOf(Runnable run) {
    return assertThrows(PropertyFailure.class, run::run);
  }

  @Test
  void aFailingIntegerShrinksToTheBoundary() {
    for (long seed = 1; seed <= 20; seed++) {
      long s = seed;
      PropertyFailure f =
          failureOf(() -> Property.forAll(Gen.integers(0, 1_000_000)).seed(s).tries(1000).check(x -> assertTrue(x < 1000)));
      assertEquals(1000, f.shrunk(), "seed " + seed);
    }
  }

  /**
   * A value as a failure prints it: contents, never an identity hash such as {@code [I@664632e9}.
   * Generated values are such records, arrays in them included.
   */
  @SuppressWarnings("ArrayRecordComponent") // the very case the description must handle
  record Sample(int[] counts, List<byte[]> payloads, java.nio.ByteBuffer buffer) {}

  @Test
  void counterexamplesPrintArraysBuffersAndRecordsByTheirContents() {
    String text = Gen.describe(new Sample(new int[] {3, 1, 4}, List.of(new byte[] {7, 8}), java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}).position(1)));
    assertEquals("Sample[counts=int[3] [3, 1, 4], payloads=[byte[2] [7, 8]], buffer=ByteBuffer(position 1, limit 3) remaining byte[2] [2, 3]]", text);
    PropertyFailure f = failureOf(() -> Property.forAll(Gen.integers(5, 10).map(n -> new int[] {n, n})).seed(1).tries(10).check(pair -> assertTrue(pair[0] < 5)));
    String message = String.valueOf(f.getMessage());
    assertTrue(message.contains("shrunk") && message.contains("int[2] [5, 5]"), message);
  }

  @Test
  void aNegativeRangeShrinksTowardZero() {
    PropertyFailure f =
        failureOf(() -> Property.forAll(Gen.integers(-1_000_000, 1_000_000)).seed(3).tries(1000).check(x -> assertTrue(x > -500)));
    assertEquals(-500, f.shrunk());
  }

  @Test
  void aFailingListShrinksToOneMinimalElement() {
    for (long seed = 1; seed <= 20; seed++) {
      long s = seed;
      PropertyFailure f =
          failureOf(() -> Property.forAll(Gen.lists(Gen.integers(0, 1000), 0, 50))
              .seed(s)
              .tries(1000)
              .check(list -> assertTrue(list.stream().mapToInt(Integer::intValue).sum() < 100)));
      assertEquals(List.of(100), f.shrunk(), "seed " + seed);
    }
  }

  @Test
  void aFailingByteArrayShrinksToZerosOfTheBoundaryLength() {
    PropertyFailure f =
        failureOf(() -> Property.forAll(Gen.bytes(0, 10_000)).seed(5).tries(1000).check(b -> assertTrue(b.length < 10)));
    assertArrayEquals(new byte[10], (byte[]) f.shrunk());
  }

  @Test
  void aFailingStringShrinksToTheOffendingCharacter() {
    PropertyFailure f =
        failureOf(() -> Property.forAll(Gen.strings("abc]", 0, 30)).seed(9).tries(1000).check(s -> assertTrue(s.indexOf(']') < 0)));
    assertEquals("]", f.shrunk());
  }

  @Test
  void theCleanupRunsAfterEveryFailedCheckAndNoOther() {
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger cleanups = new AtomicInteger();
    AtomicInteger leftovers = new AtomicInteger(); // what a failed check leaves behind
    failureOf(() -> Property.forAll(Gen.integers(0, 1000)).seed(11).tries(200)
        .afterFailure(() -> {
          cleanups.incrementAndGet();
          leftovers.set(0);
        })
        .check(x -> {
          checks.incrementAndGet();
          assertEquals(0, leftovers.get(), "a check saw what an earlier failed check left");
          if (x > 100) {
            failures.incrementAndGet();
            leftovers.incrementAndGet();
            throw new AssertionError("too big");
          }
        }));
    assertTrue(failures.get() > 1, "shrinking ran failing checks");
    assertEquals(failures.get(), cleanups.get());
    assertTrue(checks.get() > failures.get(), "some checks passed, and were not cleaned up after");
  }

  @Test
  void aFailureNamesTheSeedAndBothValues() {
    PropertyFailure f =
        failureOf(() -> Property.forAll(Gen.integers(0, 1_000_000)).seed(42).check(x -> assertTrue(x < 10, "too big")));
    assertEquals(42, f.seed());
    String message = String.valueOf(f.getMessage());
    assertTrue(message.contains("replay with -Dnet.udp.testkit.seed=42"), message);
    assertTrue(message.contains("original: "), message);
    assertTrue(message.contains("shrunk ("), message);
    assertTrue(f.getCause() instanceof AssertionError, "the cause is the shrunk value's failure");
  }

  @Test
  void aSeedReplaysTheSameValues() {
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    Property.forAll(Gen.integers(0, 1 << 20)).seed(7).tries(50).check(first::add);
    Property.forAll(Gen.integers(0, 1 << 20)).seed(7).tries(50).check(second::add);
    assertEquals(first, second);
  }

  @Test
  @ResourceLock(Property.SEED_PROPERTY)
  void theSeedPropertyOverridesTheSeed() {
    List<Integer> fixed = new ArrayList<>();
    Property.forAll(Gen.integers(0, 1 << 20)).seed(11).tries(20).check(fixed::add);
    List<Integer> replayed = new ArrayList<>();
    System.setProperty(Property.SEED_PROPERTY, "11");
    try {
      Property.forAll(Gen.integers(0, 1 << 20)).seed(999).tries(20).check(replayed::add);
    } finally {
      System.clearProperty(Property.SEED_PROPERTY);
    }
    assertEquals(fixed, replayed);
  }

  @Test
  void aPassingPropertyRunsItsTries() {
    AtomicInteger runs = new AtomicInteger();
    Property.forAll(Gen.booleans()).tries(37).check(b -> runs.incrementAndGet());
    assertEquals(37, runs.get());
  }

  @Test
  @ResourceLock(Property.TRIES_PROPERTY)
  void theTriesPropertyOverridesEveryCount() {
    AtomicInteger runs = new AtomicInteger();
    System.setProperty(Property.TRIES_PROPERTY, "5");
    try {
      Property.forAll(Gen.booleans()).tries(37).check(b -> runs.incrementAndGet());
    } finally {
      System.clearProperty(Property.TRIES_PROPERTY);
    }
    assertEquals(5, runs.get());
  }

  @Test
  void integersStayInTheirRangeAndReachItsEdges() {
    Gen<int[]> ranges = Gen.zip(Gen.integers(-1000, 1000), Gen.integers(0, 2000), (min, width) -> new int[] {min, min + width});
    Property.forAll(ranges).tries(200).check(r -> {
      Gen<Integer> g = Gen.integers(r[0], r[1]);
      boolean sawMin = false;
      boolean sawMax = false;
      java.util.SplittableRandom seeds = new java.util.SplittableRandom(r[0] * 31L + r[1]);
      for (int i = 0; i < 500; i++) {
        int v = g.generate(Choices.random(seeds.nextLong()));
        assertTrue(v >= r[0] && v <= r[1], v + " outside " + r[0] + ".." + r[1]);
        sawMin |= v == r[0];
        sawMax |= v == r[1];
      }
      assertTrue(sawMin && sawMax, "edges of " + r[0] + ".." + r[1] + " are generated often");
    });
  }

  @Test
  void aFilterThatRejectsEverythingSaysSo() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Gen.integers(0, 10).filter(x -> x > 10).generate(Choices.random(1)));
    assertTrue(String.valueOf(e.getMessage()).contains("rejected 100 values"));
  }

  @Test
  void anExceptionInTheCheckIsAFailureToo() {
    PropertyFailure f =
        failureOf(() -> Property.forAll(Gen.integers(0, 100)).seed(1).check(x -> {
          if (x >= 50) {
            throw new IllegalStateException("boom at " + x);
          }
        }));
    assertEquals(50, f.shrunk());
    assertTrue(f.getCause() instanceof IllegalStateException);
  }

  @Test
  void shrinkingStopsAtItsBudget() {
    AtomicInteger checks = new AtomicInteger();
    failureOf(() -> Property.forAll(Gen.lists(Gen.integers(0, 1_000_000), 0, 200))
        .seed(3)
        .shrinking(10, 60_000)
        .check(list -> {
          checks.incrementAndGet();
          assertTrue(list.size() < 5);
        }));
    assertTrue(checks.get() <= 100 + 10 + 1, "checks: " + checks.get());
  }
}
