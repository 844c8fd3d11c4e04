package net.udp.provider.socket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.Udp;
import org.junit.jupiter.api.Test;

/** Senders waiting on {@code whenWritable} are each told of room, one place at a time, and none is left waiting. */
class RoomWaitersTest {
  private static final InetSocketAddress PEER = Udp.parseAddress("127.0.0.1", 5002).orElseThrow();

  /**
   * Two senders wait for one place. The first is told; its place is then free again (it sends
   * straight out, with a callback, as the queue is empty), so the second must be told too, with
   * no other send or flush to prompt it.
   */
  @Test
  void theSecondWaiterIsToldOnceTheFirstHasBeenTold() throws Exception {
    FakeSocket s = new FakeSocket((socket, payload, sender) -> {});
    try {
      s.setSendQueueCapacity(1).listen("127.0.0.1", 5001);
      s.kernelFull(true);
      s.send(Datagram.of("waits").to(PEER), null); // fills the queue of one
      CompletableFuture<Void> first = s.whenWritable();
      CompletableFuture<Void> second = s.whenWritable();
      assertFalse(first.isDone(), "whenWritable with the queue full");
      s.kernelFull(false); // the queued send leaves: one place
      first.get(5, TimeUnit.SECONDS);
      CompletableFuture<Void> sent = new CompletableFuture<>();
      s.send(Datagram.of("direct").to(PEER), (tag, failure) -> sent.complete(null));
      sent.get(5, TimeUnit.SECONDS);
      s.sync();
      second.get(5, TimeUnit.SECONDS);
      assertTrue(second.isDone());
    } finally {
      s.close();
      s.forget();
    }
  }
}
