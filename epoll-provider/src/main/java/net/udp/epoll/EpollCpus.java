package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * CPUs: steering a port group's datagrams to the member of the CPU that received them, and pinning
 * a loop thread to one CPU. Both are set once (a group opened, a loop started), so they allocate
 * their native memory per call.
 */
final class EpollCpus {
  /** Bytes of glibc's {@code cpu_set_t}: 1024 CPUs. */
  private static final int CPU_SET_BYTES = 128;

  // <linux/filter.h>: a classic BPF program of three instructions, as the kernel's own
  // reuseport_bpf_cpu selftest writes it: A = the receiving CPU; A %= members; return A.
  private static final short LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
  private static final short ALU_MOD_K = 0x94; // BPF_ALU | BPF_MOD | BPF_K
  private static final short RET_A = 0x16; // BPF_RET | BPF_A
  private static final int SKF_AD_CPU = -0x1000 + 36; // SKF_AD_OFF + SKF_AD_CPU
  private static final long SOCK_FILTER_BYTES = 8; // u16 code, u8 jt, u8 jf, u32 k
  private static final long SOCK_FPROG_BYTES = 16; // u16 len, padding, struct sock_filter *

  private EpollCpus() {}

  /**
   * Attaches to the port group of {@code fd} a program that hands each datagram to member
   * (receiving CPU modulo {@code members}); the kernel falls back to its hash for an index it does
   * not hold (a member closed meanwhile).
   *
   * @return {@code false} on a kernel without the option (before 4.5)
   */
  static boolean steerByCpu(int fd, int members) throws IOException {
    if (members < 1) {
      throw new IllegalArgumentException("a port group has at least one member, not " + members);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment program = arena.allocate(3 * SOCK_FILTER_BYTES, 8);
      instruction(program, 0, LD_W_ABS, SKF_AD_CPU);
      instruction(program, 1, ALU_MOD_K, members);
      instruction(program, 2, RET_A, 0);
      MemorySegment fprog = arena.allocate(SOCK_FPROG_BYTES, 8);
      fprog.set(JAVA_SHORT, 0, (short) 3);
      fprog.set(ValueLayout.ADDRESS, 8, program);
      Scratch s = Scratch.get();
      if (Libc.setsockopt(s.errno, fd, Linux.SOL_SOCKET, Linux.SO_ATTACH_REUSEPORT_CBPF, fprog, (int) SOCK_FPROG_BYTES) < 0) {
        int errno = Libc.errno(s.errno);
        if (errno == Linux.ENOPROTOOPT) {
          return false;
        }
        throw Errors.exception(errno);
      }
      return true;
    }
  }

  private static void instruction(MemorySegment program, int index, short code, int k) {
    long at = index * SOCK_FILTER_BYTES;
    program.set(JAVA_SHORT, at, code);
    program.set(JAVA_BYTE, at + 2, (byte) 0);
    program.set(JAVA_BYTE, at + 3, (byte) 0);
    program.set(JAVA_INT, at + 4, k);
  }

  /**
   * Lets the calling thread run only on the {@code index}th CPU (modulo their number) of those the
   * process may use.
   *
   * @return the CPU's number, or -1 when the kernel refused (the thread then runs where it did)
   */
  static int pinCallingThread(int index) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
      Scratch s = Scratch.get();
      if (Libc.schedGetaffinity(s.errno, 0, CPU_SET_BYTES, mask) < 0) {
        return -1;
      }
      int allowed = 0;
      for (int cpu = 0; cpu < CPU_SET_BYTES * 8; cpu++) {
        allowed += allowed(mask, cpu) ? 1 : 0;
      }
      if (allowed == 0) {
        return -1;
      }
      int wanted = Math.floorMod(index, allowed);
      int cpu = 0;
      for (int seen = -1; cpu < CPU_SET_BYTES * 8; cpu++) {
        if (allowed(mask, cpu) && ++seen == wanted) {
          break;
        }
      }
      mask.fill((byte) 0);
      mask.set(JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
      return Libc.schedSetaffinity(s.errno, 0, CPU_SET_BYTES, mask) < 0 ? -1 : cpu;
    }
  }

  /** Whether a CPU's bit is set in a {@code cpu_set_t}: bit {@code cpu % 8} of byte {@code cpu / 8}, the array of longs being little-endian on every architecture this provider runs on. */
  private static boolean allowed(MemorySegment mask, int cpu) {
    return (mask.get(JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0;
  }
}
