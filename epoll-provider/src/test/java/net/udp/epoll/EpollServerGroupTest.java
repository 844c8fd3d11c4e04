package net.udp.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.udp.UdpServerGroup;
import net.udp.UdpSocket;
import net.udp.testkit.Rig;
import org.junit.jupiter.api.Test;

/**
 * Steering, which the rules cannot see (a rule cannot choose the CPU a datagram arrives on): the
 * epoll provider's server group hands each datagram received on the {@code j}th CPU the process
 * may use to member {@code j} (modulo the group's size). On loopback a datagram is received on its
 * sender's CPU, so a sender pinned to a CPU reaches one member only.
 */
class EpollServerGroupTest {

  /** A datagram as it arrived: which member, and the CPU its sender was pinned to. */
  private record Arrival(UdpSocket member, int senderCpu) {}

  @Test
  void aSteeredGroupHandsEachDatagramToTheMemberOfTheReceivingCpu() throws Exception {
    int cpus = Runtime.getRuntime().availableProcessors();
    int size = cpus + 1; // one member more than CPUs: only a hash could ever choose the last
    LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    try (UdpServerGroup group = new EpollProvider().serverGroup(0, size, (socket, payload, sender) -> arrivals.add(new Arrival(socket, payload.getInt())))) {
      group.receive();
      assertTrue(group.steered(), "the epoll provider steers its groups");
      int each = 20;
      for (int index = 0; index < cpus; index++) {
        int cpu = sendPinned(index, each, new InetSocketAddress(Rig.LOOPBACK_V4, group.port()));
        for (int i = 0; i < each; i++) {
          Arrival a = arrivals.poll(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
          assertNotNull(a, "datagram " + i + " from CPU " + cpu);
          assertEquals(cpu, a.senderCpu());
          assertEquals(index % size, group.members().indexOf(a.member()), "the member that received a datagram sent on CPU " + cpu);
        }
      }
      assertEquals(List.of(), List.copyOf(arrivals), "nothing else arrived");
    }
  }

  /** Sends from a thread pinned to the {@code index}th CPU this process may use; returns that CPU's number. */
  private static int sendPinned(int index, int count, InetSocketAddress to) throws Exception {
    CompletableFuture<Integer> pinned = new CompletableFuture<>();
    Thread sender = new Thread(() -> {
      int cpu = EpollCpus.pinCallingThread(index);
      try (DatagramChannel channel = DatagramChannel.open()) {
        for (int i = 0; i < count && cpu >= 0; i++) {
          channel.send(ByteBuffer.allocate(4).putInt(0, cpu), to);
        }
        pinned.complete(cpu);
      } catch (IOException e) {
        pinned.completeExceptionally(new UncheckedIOException(e));
      }
    }, "pinned-sender-" + index);
    sender.start();
    int cpu = pinned.get(Rig.patience().toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(cpu >= 0, "the kernel refused to pin a thread to a CPU");
    return cpu;
  }
}
