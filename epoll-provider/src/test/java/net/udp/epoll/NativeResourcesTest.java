package net.udp.epoll;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;
import net.udp.UdpSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opening and closing thousands of sockets gives back every descriptor and all native memory:
 * the provider's native memory is per loop and per thread, allocated once, never per socket or
 * per datagram. Measured with the JVM's own Native Memory Tracking (FFM allocations count as
 * "Other") and /proc/self/fd.
 */
class NativeResourcesTest {
  private static final Pattern OTHER = Pattern.compile("Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

  @Test
  void thousandsOfSocketsLeaveNoDescriptorOrNativeMemoryBehind() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    Assumptions.assumeTrue(Files.isDirectory(fds), "no /proc/self/fd to count descriptors");
    long baselineOther = otherKb();
    Assumptions.assumeTrue(baselineOther >= 0, "run with -XX:NativeMemoryTracking=summary to measure native memory");
    EpollProvider provider = new EpollProvider();
    try (UdpSocket target = provider.newSocket().listen("127.0.0.1", 0)) {
      int port = target.info().localPort();
      cycle(provider, port, 200); // starts the loops and this thread's scratch memory
      System.gc();
      long fdsBefore = count(fds);
      long otherBefore = otherKb();
      cycle(provider, port, 5000);
      System.gc();
      long fdsAfter = count(fds);
      long otherAfter = otherKb();
      assertTrue(fdsAfter <= fdsBefore + 5, "descriptors: " + fdsBefore + " before 5000 sockets, " + fdsAfter + " after");
      assertTrue(otherAfter - otherBefore <= 256,
          "native memory (NMT Other): " + otherBefore + " KB before 5000 sockets, " + otherAfter + " KB after");
    }
  }

  private static void cycle(EpollProvider provider, int port, int sockets) {
    for (int i = 0; i < sockets; i++) {
      UdpSocket socket = provider.newSocket();
      socket.listen("127.0.0.1", 0).send("x", "127.0.0.1", port);
      socket.close();
    }
  }

  private static long count(Path fds) throws IOException {
    try (Stream<Path> list = Files.list(fds)) {
      return list.count();
    }
  }

  /** NMT's committed "Other" memory in KB, or -1 when tracking is off. */
  private static long otherKb() throws JMException {
    String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"),
        "vmNativeMemory",
        new Object[] {new String[] {"summary"}},
        new String[] {String[].class.getName()});
    Matcher m = OTHER.matcher(summary);
    return m.find() ? Long.parseLong(m.group(2)) : -1;
  }
}
