package net.udp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.udp.Datagram;
import net.udp.UdpSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * UDP-17: where user code runs. A callback may call its socket, or another, from any thread it
 * starts; a provider that runs it under one of its own locks turns that into a deadlock, and an
 * executor that runs tasks in the calling thread (the direct executor, {@code Runnable::run}) is
 * where it shows.
 */
public interface CallbackRules extends ProviderUnderTest {

  /**
   * Rule UDP-17.1: every callback runs while its thread holds no lock of the provider: receive,
   * send, error and connect callbacks, those of sends that close fails and those that {@code
   * setExecutor} moves, on the event loop and with the direct executor. The JVM tells which
   * monitors and locks a thread holds ({@link ThreadMXBean#getThreadInfo(long[], boolean,
   * boolean)}), so the rule sees a lock however the provider takes it.
   *
   * @param rig the sockets of this rule, closed after it
   */
  @Test
  @DisplayName("UDP-17.1 every callback runs while its thread holds no lock of the provider: receive, send, error and connect callbacks, those of sends that close fails and those that setExecutor moves, on the event loop and with an executor that runs tasks in the calling thread")
  default void udp_17_1_callbacksHoldNoLock(Rig rig) {
    Set<String> ownAtStart = LocksHeld.now(); // what the rule's own thread holds (a pool's worker, say)
    List<String> found = new CopyOnWriteArrayList<>();
    Set<String> checked = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < 2; round++) {
      @Nullable Executor executor = round == 0 ? null : Runnable::run;
      String where = executor == null ? "on the event loop" : "with the direct executor";
      Consumer<String> check = kind -> {
        checked.add(kind + " " + where);
        Set<String> held = LocksHeld.beyond(ownAtStart);
        if (!held.isEmpty()) {
          found.add("the " + kind + " callback " + where + " ran holding " + held);
        }
      };
      AtomicInteger received = new AtomicInteger();
      UdpSocket receiver = rig.socket((s, p, from) -> {
        check.accept("receive");
        s.send(Datagram.of("reply").to(from).tag(0), (tag, failure) -> check.accept("send (from a receive callback)"));
        received.incrementAndGet();
      }).setExecutor(executor).listen("127.0.0.1", 0).receive();
      UdpSocket sender = rig.socket(new Inbox()).setExecutor(executor)
          .setErrorListener((s, e) -> check.accept("error listener")).listen("127.0.0.1", 0).receive();
      sender.send(Datagram.of("ping").to(Rig.loopback4(Rig.port(receiver))).tag(1), (tag, failure) -> check.accept("send"));
      sender.send("to port zero", "127.0.0.1", 0); // fails with no callback: the error listener hears of it
      Rig.await("the datagram " + where, () -> received.get() == 1);
      UdpSocket gone = rig.socket().listen("127.0.0.1", 0);
      int deadPort = Rig.port(gone);
      gone.close();
      UdpSocket connected = rig.socket(new Inbox()).setExecutor(executor)
          .setErrorListener((s, e) -> check.accept("error listener (of a receive)"));
      connected.connect("127.0.0.1", deadPort, () -> check.accept("onConnected")).receive().write("anyone there?");
      // Sends still waiting when the socket closes are failed by the close: behind a kernel
      // buffer kept full by the slow path where there is one, else behind a send waiting for
      // its name (how many the close then finds waiting depends on the machine).
      boolean slow = SlowPath.whyNotHere().isEmpty();
      UdpSocket closing = rig.socket().setExecutor(executor).setSocketSendBuffer(SlowPath.SEND_BUFFER).listen("127.0.0.1", 0);
      InetSocketAddress waitingTo = slow ? new InetSocketAddress(SlowPath.ADDRESS, 9) : Rig.loopback4(Rig.port(receiver));
      AtomicInteger told = new AtomicInteger();
      int waiting = 20; // a few fill the kernel's buffer; the close finds the rest waiting
      int sends = slow ? waiting : waiting + 1;
      if (!slow) {
        closing.send(Datagram.of("by name").to("localhost", Rig.port(receiver)).tag(0), (tag, failure) -> {
          check.accept("send (failed by close)");
          told.incrementAndGet();
        });
      }
      for (int i = 0; i < waiting; i++) { // only the failed are checked: a check takes long enough to let the kernel drain
        closing.send(Datagram.of(new byte[1000]).to(waitingTo).tag(i), (tag, failure) -> {
          if (failure != null) {
            check.accept("send (failed by close)");
          }
          told.incrementAndGet();
        });
      }
      closing.close();
      // The sends failed by the close are checked as they are told, if any waited (a provider
      // whose send made the caller wait while the kernel was full has none); every send is told,
      // so each one that failed is checked before the rule judges.
      List<String> kinds = List.of("receive", "send", "send (from a receive callback)", "error listener",
          "error listener (of a receive)", "onConnected");
      Rig.await("every kind of callback " + where, () -> kinds.stream().allMatch(kind -> checked.contains(kind + " " + where)));
      Rig.await("every one of the " + sends + " sends the close found to be called back " + where, () -> told.get() == sends);
    }
    // Callbacks that wait for an executor that holds them back move to the direct one.
    List<Runnable> heldBack = new CopyOnWriteArrayList<>();
    AtomicInteger moved = new AtomicInteger();
    UdpSocket socket = rig.socket().setExecutor(heldBack::add).listen("127.0.0.1", 0);
    for (int i = 0; i < 3; i++) {
      socket.send(Datagram.of("moved").to(Rig.loopback4(Rig.port(socket))).tag(i), (tag, failure) -> {
        Set<String> held = LocksHeld.beyond(ownAtStart);
        if (!held.isEmpty()) {
          found.add("a send callback moved by setExecutor ran holding " + held);
        }
        moved.incrementAndGet();
      });
    }
    Rig.await("the sends' callbacks to reach the executor", () -> !heldBack.isEmpty());
    socket.setExecutor(Runnable::run);
    Rig.await("the three send callbacks moved to the direct executor", () -> moved.get() == 3);
    assertEquals(List.of(), found, "callbacks ran under a lock: a callback that calls its socket from another thread deadlocks");
    assertTrue(checked.size() >= 12, "callbacks checked: " + checked);
  }
}
