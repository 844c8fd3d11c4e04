package net.udp.epoll;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Locale;
import net.udp.spi.UdpProvider.Availability;

/**
 * Decides once whether this provider can run here, and if not, says why in words a user can act
 * on: not Linux, an architecture whose struct layouts it does not know, native access denied, or a
 * missing libc function.
 */
final class NativeAccess {
  private NativeAccess() {}

  private static final List<String> FUNCTIONS =
      List.of("socket", "bind", "connect", "getsockname", "setsockopt", "getsockopt", "close", "sendto",
          "recvmmsg", "sendmmsg", "epoll_create1", "epoll_ctl", "epoll_wait", "eventfd", "read", "write", "strerror");

  static final Availability AVAILABILITY = check();

  @SuppressWarnings("restricted") // the probe: a restricted call, to learn whether it is allowed
  private static Availability check() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return Availability.unavailable("not Linux (" + os + ")");
    }
    if (!Linux.SUPPORTED_ARCH) {
      return Availability.unavailable("architecture " + Linux.ARCH + " is not supported (x86_64, aarch64 and riscv64 are)");
    }
    Linker linker;
    try {
      linker = Linker.nativeLinker();
      MemorySegment getpid = linker.defaultLookup().find("getpid").orElseThrow();
      MethodHandle probe = linker.downcallHandle(getpid, FunctionDescriptor.of(JAVA_INT)); // restricted
      int pid = (int) probe.invokeExact();
      if (pid <= 0) {
        return Availability.unavailable("getpid() returned " + pid);
      }
    } catch (IllegalCallerException e) {
      return Availability.unavailable(
          "native access is denied: run with --enable-native-access=net.udp.epoll (module path) or"
              + " --enable-native-access=ALL-UNNAMED (class path)");
    } catch (Throwable t) {
      return Availability.unavailable("the FFM linker does not work here: " + t);
    }
    for (String function : FUNCTIONS) {
      if (linker.defaultLookup().find(function).isEmpty()) {
        return Availability.unavailable("libc has no " + function + "()");
      }
    }
    try {
      int epfd = Libc.epollCreate1(Scratch.get().errno, Linux.EPOLL_CLOEXEC);
      if (epfd < 0) {
        return Availability.unavailable("epoll_create1 failed: " + Libc.strerror(Libc.errno(Scratch.get().errno)));
      }
      Libc.close(Scratch.get().errno, epfd);
    } catch (LinkageError | RuntimeException e) {
      return Availability.unavailable("the libc bindings failed to load: " + e);
    }
    return Availability.ok();
  }
}
