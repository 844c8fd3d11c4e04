package net.udp.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every struct size, field offset and constant the provider uses, checked against the headers of
 * this machine: a C program compiled here with gcc prints them. Skipped, with the reason, where
 * there is no gcc.
 */
class LinuxLayoutTest {

  /** What the Java side uses, by the C expression that must equal it. */
  private static Map<String, Long> javaSide() {
    Map<String, Long> v = new LinkedHashMap<>();
    v.put("sizeof(struct sockaddr_in)", Linux.SOCKADDR_IN.byteSize());
    v.put("sizeof(struct sockaddr_in6)", Linux.SOCKADDR_IN6.byteSize());
    v.put("sizeof(struct iovec)", Linux.IOVEC.byteSize());
    v.put("offsetof(struct iovec, iov_base)", Linux.IOV_BASE);
    v.put("offsetof(struct iovec, iov_len)", Linux.IOV_LEN);
    v.put("sizeof(struct msghdr)", Linux.MSGHDR.byteSize());
    v.put("offsetof(struct msghdr, msg_name)", Linux.MSG_NAME);
    v.put("offsetof(struct msghdr, msg_namelen)", Linux.MSG_NAMELEN);
    v.put("offsetof(struct msghdr, msg_iov)", Linux.MSG_IOV);
    v.put("offsetof(struct msghdr, msg_iovlen)", Linux.MSG_IOVLEN);
    v.put("offsetof(struct msghdr, msg_control)", Linux.MSG_CONTROL);
    v.put("offsetof(struct msghdr, msg_controllen)", Linux.MSG_CONTROLLEN);
    v.put("offsetof(struct msghdr, msg_flags)", Linux.MSG_FLAGS);
    v.put("sizeof(struct mmsghdr)", Linux.MMSGHDR.byteSize());
    v.put("offsetof(struct mmsghdr, msg_len)", Linux.MMSG_LEN);
    v.put("sizeof(struct cmsghdr)", Linux.CMSGHDR.byteSize());
    v.put("offsetof(struct cmsghdr, cmsg_level)", Linux.CMSG_LEVEL);
    v.put("offsetof(struct cmsghdr, cmsg_type)", Linux.CMSG_TYPE);
    v.put("CMSG_LEN(0)", Linux.CMSG_DATA);
    v.put("CMSG_SPACE(sizeof(uint32_t))", Linux.CMSG_SPACE_U32);
    v.put("sizeof(struct group_req)", Linux.GROUP_REQ.byteSize());
    v.put("offsetof(struct group_req, gr_group)", Linux.GR_GROUP);
    v.put("sizeof(struct group_source_req)", Linux.GROUP_SOURCE_REQ.byteSize());
    v.put("offsetof(struct group_source_req, gsr_group)", Linux.GSR_GROUP);
    v.put("offsetof(struct group_source_req, gsr_source)", Linux.GSR_SOURCE);
    v.put("sizeof(struct ip_mreqn)", Linux.IP_MREQN.byteSize());
    v.put("offsetof(struct ip_mreqn, imr_ifindex)", Linux.IMR_IFINDEX);
    v.put("sizeof(struct epoll_event)", Linux.EPOLL_EVENT.byteSize());
    v.put("offsetof(struct epoll_event, events)", Linux.EPOLL_EVENTS);
    v.put("offsetof(struct epoll_event, data)", Linux.EPOLL_DATA);
    long[] constants = {
      Linux.AF_INET, Linux.AF_INET6, Linux.SOCK_DGRAM, Linux.SOCK_NONBLOCK, Linux.SOCK_CLOEXEC, Linux.SOL_SOCKET,
      Linux.SO_REUSEADDR, Linux.SO_ERROR, Linux.SO_BROADCAST, Linux.SO_SNDBUF, Linux.SO_RCVBUF, Linux.SO_REUSEPORT,
      Linux.SO_RXQ_OVFL, Linux.IPPROTO_IP, Linux.IP_MULTICAST_IF, Linux.IP_MULTICAST_TTL, Linux.IP_MULTICAST_LOOP,
      Linux.IPV6_MULTICAST_IF, Linux.IPV6_MULTICAST_HOPS, Linux.IPV6_MULTICAST_LOOP, Linux.MCAST_JOIN_GROUP,
      Linux.MCAST_BLOCK_SOURCE, Linux.MCAST_UNBLOCK_SOURCE, Linux.MCAST_LEAVE_GROUP, Linux.MCAST_JOIN_SOURCE_GROUP,
      Linux.MCAST_LEAVE_SOURCE_GROUP, Linux.IPPROTO_IPV6, Linux.IPV6_V6ONLY, Linux.MSG_CTRUNC, Linux.MSG_TRUNC, Linux.MSG_DONTWAIT,
      Linux.MSG_NOSIGNAL, Linux.EPOLL_CLOEXEC, Linux.EPOLL_CTL_ADD, Linux.EPOLL_CTL_DEL, Linux.EPOLL_CTL_MOD,
      Linux.EPOLLIN, Linux.EPOLLOUT, Linux.EPOLLERR, Linux.EPOLLHUP, Linux.EFD_NONBLOCK, Linux.EFD_CLOEXEC,
      Linux.EINTR, Linux.EAGAIN, Linux.EMSGSIZE, Linux.ECONNREFUSED, Linux.EIO, Linux.EINVAL, Linux.SOL_UDP, Linux.UDP_SEGMENT,
      Linux.UDP_GRO, Linux.ENOPROTOOPT
    };
    String[] names = {
      "AF_INET", "AF_INET6", "SOCK_DGRAM", "SOCK_NONBLOCK", "SOCK_CLOEXEC", "SOL_SOCKET",
      "SO_REUSEADDR", "SO_ERROR", "SO_BROADCAST", "SO_SNDBUF", "SO_RCVBUF", "SO_REUSEPORT",
      "SO_RXQ_OVFL", "IPPROTO_IP", "IP_MULTICAST_IF", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP",
      "IPV6_MULTICAST_IF", "IPV6_MULTICAST_HOPS", "IPV6_MULTICAST_LOOP", "MCAST_JOIN_GROUP",
      "MCAST_BLOCK_SOURCE", "MCAST_UNBLOCK_SOURCE", "MCAST_LEAVE_GROUP", "MCAST_JOIN_SOURCE_GROUP",
      "MCAST_LEAVE_SOURCE_GROUP", "IPPROTO_IPV6", "IPV6_V6ONLY", "MSG_CTRUNC", "MSG_TRUNC", "MSG_DONTWAIT",
      "MSG_NOSIGNAL", "EPOLL_CLOEXEC", "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD",
      "EPOLLIN", "EPOLLOUT", "EPOLLERR", "EPOLLHUP", "EFD_NONBLOCK", "EFD_CLOEXEC",
      "EINTR", "EAGAIN", "EMSGSIZE", "ECONNREFUSED", "EIO", "EINVAL", "SOL_UDP", "UDP_SEGMENT",
      "UDP_GRO", "ENOPROTOOPT"
    };
    for (int i = 0; i < names.length; i++) {
      v.put(names[i], constants[i]);
    }
    v.put("SO_ATTACH_REUSEPORT_CBPF", (long) Linux.SO_ATTACH_REUSEPORT_CBPF);
    v.put("BPF_LD | BPF_W | BPF_ABS", (long) EpollCpus.LD_W_ABS);
    v.put("BPF_JMP | BPF_JEQ | BPF_K", (long) EpollCpus.JMP_JEQ_K);
    v.put("BPF_RET | BPF_K", (long) EpollCpus.RET_K);
    v.put("SKF_AD_OFF + SKF_AD_CPU", (long) EpollCpus.SKF_AD_CPU);
    v.put("sizeof(struct sock_filter)", EpollCpus.SOCK_FILTER_BYTES);
    v.put("sizeof(struct sock_fprog)", EpollCpus.SOCK_FPROG_BYTES);
    v.put("offsetof(struct sock_fprog, filter)", 8L);
    v.put("sizeof(cpu_set_t)", (long) EpollCpus.CPU_SET_BYTES);
    return v;
  }

  @Test
  void layoutsAndConstantsMatchThisMachinesHeaders(@TempDir Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue(onPath("gcc"), "gcc is not installed: the layouts cannot be checked against C here");
    Map<String, Long> expected = javaSide();
    StringBuilder c = new StringBuilder("""
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <stddef.h>
        #include <stdint.h>
        #include <errno.h>
        #include <sys/socket.h>
        #include <sys/epoll.h>
        #include <sys/eventfd.h>
        #include <netinet/in.h>
        #include <netinet/udp.h>
        #include <linux/filter.h>
        #include <sched.h>
        int main(void) {
        """);
    for (String expression : expected.keySet()) {
      c.append("  printf(\"%s=%ld\\n\", \"").append(expression).append("\", (long) (").append(expression).append("));\n");
    }
    c.append("  return 0;\n}\n");
    Path source = dir.resolve("layouts.c");
    Files.writeString(source, c);
    Path binary = dir.resolve("layouts");
    String compiled = run("gcc", "-o", binary.toString(), source.toString());
    assertTrue(Files.isExecutable(binary), "gcc failed: " + compiled);
    Map<String, Long> actual = new TreeMap<>();
    for (String line : run(binary.toString()).lines().toList()) {
      int eq = line.lastIndexOf('=');
      actual.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
    }
    assertEquals(new TreeMap<>(expected), actual);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator, -1)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    return output;
  }
}
