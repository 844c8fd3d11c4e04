package net.udp.epoll;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Locale;

/**
 * The Linux ABI this provider speaks: constants from the kernel and glibc headers, and the struct
 * layouts, chosen by architecture at run time. x86_64 and aarch64 share every value here but one:
 * {@code struct epoll_event} is packed (12 bytes) on x86_64 and naturally aligned (16) elsewhere.
 * {@code LinuxLayoutTest} checks each value against a C program compiled on the machine.
 */
final class Linux {
  private Linux() {}

  /** The machine's architecture, as {@code os.arch} names it. */
  static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);

  /** Whether this is x86_64, where {@code struct epoll_event} is packed. */
  static final boolean X86_64 = ARCH.equals("amd64") || ARCH.equals("x86_64");

  /** Whether the layouts below are known to be right here (LP64 with the generic socket ABI). */
  static final boolean SUPPORTED_ARCH = X86_64 || ARCH.equals("aarch64") || ARCH.equals("riscv64");

  // <sys/socket.h>, <netinet/in.h>, <linux/net.h>
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_NONBLOCK = 0x800;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SO_REUSEADDR = 2;
  static final int SO_ERROR = 4;
  static final int SO_BROADCAST = 6;
  static final int SO_SNDBUF = 7;
  static final int SO_RCVBUF = 8;
  static final int SO_REUSEPORT = 15;
  static final int SO_ATTACH_REUSEPORT_CBPF = 51;
  static final int SO_RXQ_OVFL = 40;
  static final int SO_TIMESTAMPNS = 35; // also the type of its control message, SCM_TIMESTAMPNS
  static final int IP_TOS = 1;
  static final int IP_TTL = 2;
  static final int IP_PKTINFO = 8;
  static final int IP_RECVTTL = 12;
  static final int IP_RECVTOS = 13;
  static final int IPV6_RECVPKTINFO = 49;
  static final int IPV6_PKTINFO = 50;
  static final int IPV6_RECVHOPLIMIT = 51;
  static final int IPV6_HOPLIMIT = 52;
  static final int IPV6_RECVTCLASS = 66;
  static final int IPV6_TCLASS = 67;
  static final int IP_MTU_DISCOVER = 10;
  static final int IP_MTU = 14;
  static final int IP_PMTUDISC_WANT = 1; // the same numbers for IPV6_MTU_DISCOVER
  static final int IP_PMTUDISC_DO = 2;
  static final int IPV6_MTU_DISCOVER = 23;
  static final int IPV6_MTU = 24;
  static final int IPV6_DONTFRAG = 62;
  static final int IPPROTO_IP = 0;
  static final int IP_MULTICAST_IF = 32;
  static final int IP_MULTICAST_TTL = 33;
  static final int IP_MULTICAST_LOOP = 34;
  static final int IPPROTO_IPV6 = 41;
  static final int IPV6_V6ONLY = 26;
  static final int IPV6_MULTICAST_IF = 17;
  static final int IPV6_MULTICAST_HOPS = 18;
  static final int IPV6_MULTICAST_LOOP = 19;
  static final int SOL_UDP = 17;
  static final int UDP_SEGMENT = 103;
  static final int UDP_GRO = 104;
  static final int ENOPROTOOPT = 92;
  static final int EIO = 5;
  static final int EINVAL = 22;
  static final int MCAST_JOIN_GROUP = 42;
  static final int MCAST_BLOCK_SOURCE = 43;
  static final int MCAST_UNBLOCK_SOURCE = 44;
  static final int MCAST_LEAVE_GROUP = 45;
  static final int MCAST_JOIN_SOURCE_GROUP = 46;
  static final int MCAST_LEAVE_SOURCE_GROUP = 47;
  static final int MSG_CTRUNC = 0x8;
  static final int MSG_TRUNC = 0x20;
  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_NOSIGNAL = 0x4000;

  // <sys/epoll.h>, <sys/eventfd.h>
  static final int EPOLL_CLOEXEC = 0x80000;
  static final int EPOLL_CTL_ADD = 1;
  static final int EPOLL_CTL_DEL = 2;
  static final int EPOLL_CTL_MOD = 3;
  static final int EPOLLIN = 0x1;
  static final int EPOLLOUT = 0x4;
  static final int EPOLLERR = 0x8;
  static final int EPOLLHUP = 0x10;
  static final int EFD_NONBLOCK = 0x800;
  static final int EFD_CLOEXEC = 0x80000;

  // <errno.h>
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EMSGSIZE = 90;
  static final int ECONNREFUSED = 111;

  /** {@code struct sockaddr_in}. */
  static final StructLayout SOCKADDR_IN =
      structLayout(
          JAVA_SHORT.withName("sin_family"),
          JAVA_SHORT.withName("sin_port"),
          JAVA_INT.withName("sin_addr"),
          MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));

  /** {@code struct sockaddr_in6}. */
  static final StructLayout SOCKADDR_IN6 =
      structLayout(
          JAVA_SHORT.withName("sin6_family"),
          JAVA_SHORT.withName("sin6_port"),
          JAVA_INT.withName("sin6_flowinfo"),
          MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
          JAVA_INT.withName("sin6_scope_id"));

  /** {@code struct sockaddr_storage}: room for any address, 8-byte aligned. */
  static final MemoryLayout SOCKADDR_STORAGE = MemoryLayout.sequenceLayout(128, JAVA_BYTE).withByteAlignment(8);

  /** {@code struct group_req}: a group on an interface, for {@code MCAST_JOIN_GROUP} and {@code MCAST_LEAVE_GROUP}. */
  static final StructLayout GROUP_REQ =
      structLayout(JAVA_INT.withName("gr_interface"), paddingLayout(4), SOCKADDR_STORAGE.withName("gr_group"));

  static final long GR_GROUP = GROUP_REQ.byteOffset(groupElement("gr_group"));

  /** {@code struct group_source_req}: a group and a source on an interface, for the source-specific options. */
  static final StructLayout GROUP_SOURCE_REQ =
      structLayout(JAVA_INT.withName("gsr_interface"), paddingLayout(4), SOCKADDR_STORAGE.withName("gsr_group"),
          SOCKADDR_STORAGE.withName("gsr_source"));

  static final long GSR_GROUP = GROUP_SOURCE_REQ.byteOffset(groupElement("gsr_group"));
  static final long GSR_SOURCE = GROUP_SOURCE_REQ.byteOffset(groupElement("gsr_source"));

  /** {@code struct ip_mreqn}: for {@code IP_MULTICAST_IF} by interface index. */
  static final StructLayout IP_MREQN =
      structLayout(JAVA_INT.withName("imr_multiaddr"), JAVA_INT.withName("imr_address"), JAVA_INT.withName("imr_ifindex"));

  static final long IMR_IFINDEX = IP_MREQN.byteOffset(groupElement("imr_ifindex"));

  /** {@code struct iovec}. */
  static final StructLayout IOVEC = structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

  /** {@code struct msghdr}. */
  static final StructLayout MSGHDR =
      structLayout(
          ADDRESS.withName("msg_name"),
          JAVA_INT.withName("msg_namelen"),
          paddingLayout(4),
          ADDRESS.withName("msg_iov"),
          JAVA_LONG.withName("msg_iovlen"),
          ADDRESS.withName("msg_control"),
          JAVA_LONG.withName("msg_controllen"),
          JAVA_INT.withName("msg_flags"),
          paddingLayout(4));

  /** {@code struct mmsghdr}. */
  static final StructLayout MMSGHDR = structLayout(MSGHDR.withName("msg_hdr"), JAVA_INT.withName("msg_len"), paddingLayout(4));

  /** {@code struct cmsghdr}, without its data. */
  static final StructLayout CMSGHDR =
      structLayout(JAVA_LONG.withName("cmsg_len"), JAVA_INT.withName("cmsg_level"), JAVA_INT.withName("cmsg_type"));

  /** {@code struct epoll_event}: packed on x86_64. */
  static final StructLayout EPOLL_EVENT =
      X86_64
          ? structLayout(JAVA_INT.withName("events"), JAVA_LONG.withByteAlignment(4).withName("data"))
          : structLayout(JAVA_INT.withName("events"), paddingLayout(4), JAVA_LONG.withName("data"));

  static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
  static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));
  static final long MSG_NAME = MSGHDR.byteOffset(groupElement("msg_name"));
  static final long MSG_NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
  static final long MSG_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
  static final long MSG_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
  static final long MSG_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
  static final long MSG_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
  static final long MSG_FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));
  static final long MMSG_LEN = MMSGHDR.byteOffset(groupElement("msg_len"));
  static final long CMSG_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
  static final long CMSG_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));
  static final long CMSG_DATA = CMSGHDR.byteSize();
  static final long EPOLL_EVENTS = EPOLL_EVENT.byteOffset(groupElement("events"));
  static final long EPOLL_DATA = EPOLL_EVENT.byteOffset(groupElement("data"));

  /** {@code CMSG_SPACE(sizeof(uint32_t))}: room for one SO_RXQ_OVFL counter. */
  static final long CMSG_SPACE_U32 = align8(CMSGHDR.byteSize() + 4);

  private static long align8(long n) {
    return (n + 7) & ~7L;
  }
}
