package net.udp.provider.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.udp.Udp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A callback that throws for every datagram is reported once, with its stack trace, and then at
 * most once per interval: two thousand failures must not write two thousand stack traces. Each is
 * still counted. (The tests run with java.util.logging, the System.Logger's usual backend.)
 */
class ReportRateTest {
  private static final InetSocketAddress ALICE = Udp.parseAddress("127.0.0.1", 5001).orElseThrow();
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
  private final List<FakeSocket> sockets = new ArrayList<>();

  @BeforeEach
  void capture() {
    logger.addHandler(capture);
    logger.setUseParentHandlers(false);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
    logger.setUseParentHandlers(true);
    sockets.forEach(FakeSocket::close);
    sockets.forEach(FakeSocket::forget);
  }

  @Test
  void aCallbackThatAlwaysThrowsIsReportedOnceAndCountedEveryTime() throws Exception {
    FakeSocket s = new FakeSocket((socket, payload, sender) -> {
      throw new IllegalStateException("a bug in the application's callback");
    });
    sockets.add(s);
    s.listen(0).receive();
    for (int i = 0; i < 2_000; i++) {
      s.arrive("x", ALICE);
    }
    s.sync();
    assertEquals(2_000, s.info().counters().callbackFailures());
    List<LogRecord> warnings = records.stream().filter(r -> Level.WARNING.equals(r.getLevel())).toList();
    assertEquals(1, warnings.size(), "reports of 2,000 failures within one interval: " + warnings.size());
    assertTrue(warnings.get(0).getThrown() instanceof IllegalStateException, "the first report carries what was thrown");
  }

  @Test
  void eachSocketReportsItsOwnFirstFailure() throws Exception {
    for (int i = 0; i < 3; i++) {
      FakeSocket s = new FakeSocket((socket, payload, sender) -> {
        throw new IllegalStateException("a bug");
      });
      sockets.add(s);
      s.listen(0).receive();
      s.arrive("x", ALICE);
      s.arrive("y", ALICE);
      s.sync();
    }
    assertEquals(3, records.stream().filter(r -> Level.WARNING.equals(r.getLevel())).count());
  }

  @Test
  void aClientThatSendsAndForgetsReceiveIsReportedOnceAndOneThatReceivesIsNot() throws Exception {
    FakeSocket forgetful = new FakeSocket((socket, payload, sender) -> {});
    FakeSocket careful = new FakeSocket((socket, payload, sender) -> {});
    FakeSocket silent = new FakeSocket(null); // no callback: sending only, as intended
    sockets.add(forgetful);
    sockets.add(careful);
    sockets.add(silent);
    forgetful.send("ping", ALICE);
    careful.send("ping", ALICE).receive(); // the seed's client: its first send binds it
    silent.send("ping", ALICE);
    long deadline = System.nanoTime() + Lifecycle.FORGOTTEN_RECEIVE.multipliedBy(5).toNanos();
    while (records.stream().noneMatch(r -> r.getMessage().contains("receive() was never called")) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(Lifecycle.FORGOTTEN_RECEIVE.toMillis()); // the others' checks are due by now too
    List<String> reported = records.stream().map(LogRecord::getMessage).filter(m -> m.contains("receive() was never called")).toList();
    assertEquals(1, reported.size(), "reports: " + reported);
    assertTrue(reported.get(0).contains(":" + forgetful.info().localPort() + ":"), "the forgetful socket is named: " + reported.get(0));
  }
}
