package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.udp.testkit.property.Gen;
import net.udp.testkit.property.Property;
import org.junit.jupiter.api.Test;

/**
 * The order check of the slow path's rules: it must let through the few datagrams the kernel
 * delivers late and nothing more, and never a datagram lost, repeated or unknown.
 */
class SlowPathOrderTest {
  /** Sends 0 to n - 1 with {@code moves} (from, to) applied: each takes one send elsewhere. */
  private static int[] moved(int n, List<int[]> moves) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int[] move : moves) {
      Integer send = order.remove(/* index */ move[0] % n);
      order.add(move[1] % n, send);
    }
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static List<byte[]> payloads(int[] order) {
    List<byte[]> out = new ArrayList<>();
    for (int send : order) {
      out.add(Rules.numbered(send, 6));
    }
    return out;
  }

  @Test
  void aSendMovedIsOutOfPlaceAndTheRestStaysIncreasing() {
    Gen<int[]> move = Gen.zip(Gen.integers(0, 10_000), Gen.integers(0, 10_000), (from, to) -> new int[] {from, to});
    Property.forAll(Gen.zip(Gen.integers(1, 300), Gen.lists(move, 0, 12), (n, moves) -> moved(n, moves))).tries(300).check(order -> {
      List<Integer> late = SlowPath.outOfPlace(order);
      int[] identity = new int[order.length];
      for (int i = 0; i < identity.length; i++) {
        identity[i] = i;
      }
      int last = -1;
      for (int send : order) {
        if (!late.contains(send)) {
          assertTrue(send > last, () -> "what stays is not increasing: " + late);
          last = send;
        }
      }
      assertTrue(late.size() <= 12, () -> "more out of place than were moved: " + late);
      assertEquals(List.of(), SlowPath.outOfPlace(identity));
    });
  }

  @Test
  void theFewTheKernelReordersPassAndMoreFail() {
    int[] inOrder = moved(200, List.of());
    assertDoesNotThrow(() -> SlowPath.expectSentOrder(payloads(inOrder), payloads(inOrder), "datagrams"));
    int[] late = moved(200, List.of(new int[] {13, 40}, new int[] {13, 40}, new int[] {100, 190}));
    assertEquals(List.of(13, 14, 100), SlowPath.outOfPlace(late));
    assertDoesNotThrow(() -> SlowPath.expectSentOrder(payloads(inOrder), payloads(late), "datagrams"));

    int[] swapped = new int[200];
    for (int i = 0; i < swapped.length; i++) {
      swapped[i] = i ^ 1;
    }
    AssertionError pairs = assertThrows(AssertionError.class, () -> SlowPath.expectSentOrder(payloads(inOrder), payloads(swapped), "datagrams"));
    assertTrue(String.valueOf(pairs.getMessage()).contains("out of the order of the sends"), pairs.getMessage());
    int[] reversed = new int[200];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = 199 - i;
    }
    assertEquals(199, SlowPath.outOfPlace(reversed).size());
  }

  @Test
  void aDatagramLostRepeatedOrUnknownFails() {
    List<byte[]> sent = payloads(moved(20, List.of()));
    List<byte[]> lost = new ArrayList<>(sent.subList(0, 19));
    assertThrows(AssertionError.class, () -> SlowPath.expectSentOrder(sent, lost, "datagrams"));
    List<byte[]> repeated = new ArrayList<>(lost);
    repeated.add(sent.get(3));
    AssertionError twice = assertThrows(AssertionError.class, () -> SlowPath.expectSentOrder(sent, repeated, "datagrams"));
    assertTrue(String.valueOf(twice.getMessage()).contains("arrived twice"), twice.getMessage());
    List<byte[]> unknown = new ArrayList<>(lost);
    unknown.add(Rules.numbered(99, 6));
    assertThrows(AssertionError.class, () -> SlowPath.expectSentOrder(sent, unknown, "datagrams"));
    List<byte[]> empties = List.of(new byte[0], new byte[0], Rules.numbered(1, 6));
    assertDoesNotThrow(() -> SlowPath.expectSentOrder(List.of(new byte[0], Rules.numbered(1, 6), new byte[0]), empties, "datagrams"));
  }
}
