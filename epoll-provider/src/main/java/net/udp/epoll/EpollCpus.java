package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.IntStream;

/**
 * CPUs: steering a port group's datagrams to the member of the CPU that received them, and pinning
 * a loop thread to one CPU, both by a CPU's place among those the process may use. Both are set
 * once (a group opened, a loop started), so they allocate their native memory per call.
 */
final class EpollCpus {
  /** Bytes of glibc's {@code cpu_set_t}: 1024 CPUs. */
  static final int CPU_SET_BYTES = 128;

  // <linux/filter.h>: the classic BPF the steering program is written in.
  static final short LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
  static final short JMP_JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
  static final short RET_K = 0x06; // BPF_RET | BPF_K
  static final int SKF_AD_CPU = -0x1000 + 36; // SKF_AD_OFF + SKF_AD_CPU: the receiving CPU's number
  static final long SOCK_FILTER_BYTES = 8; // u16 code, u8 jt, u8 jf, u32 k
  static final long SOCK_FPROG_BYTES = 16; // u16 len, padding, struct sock_filter *
  /** A program's return for "no member": the kernel then chooses by its hash. */
  private static final int BY_HASH = -1;

  private EpollCpus() {}

  /**
   * Attaches to the port group of {@code fd} a program that hands each datagram received on the
   * {@code j}th CPU this thread may use to member {@code j} modulo {@code members}: the order in
   * which {@link #pinCallingThread} pins loops, so that member {@code i}, on loop {@code i}, reads
   * what its own CPU received. A datagram received on another CPU, or for a member the group no
   * longer holds, goes by the kernel's hash.
   *
   * <p>The program is {@code A = cpu; if A == c0 return 0; if A == c1 return 1; ...; return -1},
   * two instructions a CPU (at most 2,050 of the 4,096 the kernel takes).
   *
   * @return {@code false} on a kernel without the option (before 4.5)
   */
  static boolean steerByCpu(int fd, int members) throws IOException {
    if (members < 1) {
      throw new IllegalArgumentException("a port group has at least one member, not " + members);
    }
    int[] cpus = allowedCpus();
    if (cpus.length == 0) {
      return false;
    }
    try (Arena arena = Arena.ofConfined()) {
      int length = 2 + 2 * cpus.length;
      MemorySegment program = arena.allocate(length * SOCK_FILTER_BYTES, 8);
      instruction(program, 0, LD_W_ABS, 0, 0, SKF_AD_CPU);
      for (int j = 0; j < cpus.length; j++) {
        instruction(program, 1 + 2 * j, JMP_JEQ_K, 0, 1, cpus[j]); // equal: the next; else skip it
        instruction(program, 2 + 2 * j, RET_K, 0, 0, j % members);
      }
      instruction(program, length - 1, RET_K, 0, 0, BY_HASH);
      MemorySegment fprog = arena.allocate(SOCK_FPROG_BYTES, 8);
      fprog.set(JAVA_SHORT, 0, (short) length);
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

  private static void instruction(MemorySegment program, int index, short code, int jt, int jf, int k) {
    long at = index * SOCK_FILTER_BYTES;
    program.set(JAVA_SHORT, at, code);
    program.set(JAVA_BYTE, at + 2, (byte) jt);
    program.set(JAVA_BYTE, at + 3, (byte) jf);
    program.set(JAVA_INT, at + 4, k);
  }

  /** The numbers of the CPUs the calling thread may run on, in increasing order; none when the kernel will not say. */
  static int[] allowedCpus() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
      if (Libc.schedGetaffinity(Scratch.get().errno, 0, CPU_SET_BYTES, mask) < 0) {
        return new int[0];
      }
      return IntStream.range(0, CPU_SET_BYTES * 8).filter(cpu -> allowed(mask, cpu)).toArray();
    }
  }

  /**
   * Lets the calling thread run only on the {@code index}th CPU (modulo their number) of those it
   * may run on now.
   *
   * @return the CPU's number, or -1 when the kernel refused (the thread then runs where it did)
   */
  static int pinCallingThread(int index) {
    int[] cpus = allowedCpus();
    if (cpus.length == 0) {
      return -1;
    }
    int cpu = cpus[Math.floorMod(index, cpus.length)];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
      mask.set(JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
      return Libc.schedSetaffinity(Scratch.get().errno, 0, CPU_SET_BYTES, mask) < 0 ? -1 : cpu;
    }
  }

  /** Whether a CPU's bit is set in a {@code cpu_set_t}: bit {@code cpu % 8} of byte {@code cpu / 8}, the array of longs being little-endian on every architecture this provider runs on. */
  private static boolean allowed(MemorySegment mask, int cpu) {
    return (mask.get(JAVA_BYTE, cpu / 8) & (1 << (cpu % 8))) != 0;
  }
}
