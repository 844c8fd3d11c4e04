package net.udp.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.udp.UdpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A socket closed by another thread while its loop is collecting what the selector found ready:
 * the loop must take the cancelled key in its stride, not report an unexpected failure and drop
 * the rest of that turn's events. (Through java.util.logging, the System.Logger's usual backend.)
 */
class NioCloseRaceTest {
  private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
  private final Logger logger = Logger.getLogger("net.udp");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void capture() {
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
  }

  @Test
  void closingWhileTheSelectorReportsTheSocketReadyIsNoFailureOfTheLoop() throws Exception {
    AtomicInteger received = new AtomicInteger();
    UdpSocket socket = new NioProvider().newSocket((s, payload, from) -> received.incrementAndGet());
    AtomicBoolean stop = new AtomicBoolean();
    try (DatagramChannel flood = DatagramChannel.open()) {
      socket.listen("127.0.0.1", 0).receive();
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.info().localPort());
      Thread flooding = Thread.ofPlatform().daemon().start(() -> {
        ByteBuffer datagram = ByteBuffer.allocate(16);
        for (long i = 0; i < 50_000_000L && !stop.get(); i++) { // bounded: stopped long before
          try {
            flood.send(datagram.clear(), to);
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      for (int round = 0; round < 300; round++) {
        int before = received.get();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (received.get() == before && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        socket.close();
        socket.listen("127.0.0.1", to.getPort()).receive(); // the port is free at once: the flood goes on to it
      }
      stop.set(true);
      flooding.join(10_000);
    } finally {
      socket.close();
    }
    List<LogRecord> severe = records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertEquals(List.of(), severe.stream().map(r -> r.getMessage() + " " + r.getThrown()).toList(), "the loop reported failures");
    assertTrue(received.get() > 300, "datagrams received: " + received.get());
  }
}
