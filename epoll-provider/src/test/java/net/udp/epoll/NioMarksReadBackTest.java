package net.udp.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.Datagram;
import net.udp.ReceiveCallback;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpMetadata;
import net.udp.UdpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ECN codepoints the nio provider sends, read back here because no other receiver in the
 * repository can: {@code java.nio} cannot read a datagram's TOS byte, so the rule on marks sent
 * (UDP-18.5, which reads them with the same provider) is skipped for nio. The epoll provider reads
 * them from {@code IP_TOS} control messages. Each datagram must carry its own codepoint, and one
 * sent with none carries none, whatever the one before carried (the channel's TOS byte is set back
 * to 0).
 */
class NioMarksReadBackTest {
  private final List<UdpSocket> sockets = new ArrayList<>();

  @AfterEach
  void close() {
    sockets.forEach(UdpSocket::close);
  }

  @Test
  void eachDatagramCarriesItsOwnCodepointAndOneWithoutCarriesNone() throws Exception {
    LinkedBlockingQueue<Integer> marks = new LinkedBlockingQueue<>();
    UdpSocket receiver = new EpollProvider().newSocket(ReceiveCallback.withMetadata((socket, payload, from, metadata) -> marks.add(metadata.ecn())))
        .setReceiveMetadata(EnumSet.of(UdpMetadata.ECN)).listen("127.0.0.1", 0).receive();
    sockets.add(receiver);
    UdpSocket sender = Udp.provider("nio").newSocket().listen("127.0.0.1", 0);
    sockets.add(sender);
    InetSocketAddress to = java.util.Objects.requireNonNull(receiver.info().localAddress());
    int[] codepoints = {1, -1, 2, -1, 3, 1, 1, -1, -1, 2};
    for (int codepoint : codepoints) {
      CompletableFuture<Void> sent = new CompletableFuture<>();
      sender.send(Datagram.of("marked " + codepoint).to(to).ecn(codepoint), (tag, failure) -> {
        if (failure == null) {
          sent.complete(null);
        } else {
          sent.completeExceptionally(failure);
        }
      });
      try {
        sent.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError("the nio provider failed a send with codepoint " + codepoint, e.getCause() instanceof UdpException u ? u : e);
      }
      Integer got = marks.poll(10, TimeUnit.SECONDS);
      assertNotNull(got, "the datagram sent with codepoint " + codepoint + " never arrived");
      assertEquals(Math.max(codepoint, 0), got, "the ECN codepoint of a datagram the nio provider sent with " + (codepoint < 0 ? "none" : codepoint));
    }
    assertNull(marks.poll(100, TimeUnit.MILLISECONDS), "more datagrams than sends");
  }
}
