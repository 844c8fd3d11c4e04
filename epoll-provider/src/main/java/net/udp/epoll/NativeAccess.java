package net.udp.epoll;

import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import net.udp.spi.UdpProvider.Availability;

/**
 * Decides once whether this provider can run here, and if not, says why in words a user can act
 * on: not Linux, an architecture whose struct layouts it does not know, native access denied, or a
 * missing libc function.
 *
 * <p>It calls no native code and creates no downcall handle: asking whether epoll could run must
 * not make the JVM print its restricted-method warning for an application that chose another
 * provider. The handles are made when the provider is first used ({@link Libc}); only then may
 * the JVM warn, and only where native access was not enabled.
 */
final class NativeAccess {
  private NativeAccess() {}

  private static final List<String> FUNCTIONS =
      List.of("socket", "bind", "connect", "getsockname", "setsockopt", "getsockopt", "close", "sendto",
          "recvmmsg", "sendmmsg", "epoll_create1", "epoll_ctl", "epoll_wait", "eventfd", "read", "write", "strerror");

  /** What to pass to enable native access, for messages. */
  static final String FLAGS =
      "--enable-native-access=net.udp.epoll (module path) or --enable-native-access=ALL-UNNAMED (class path;"
          + " for java -jar, the line Enable-Native-Access: ALL-UNNAMED in the application jar's manifest)";

  static final Availability AVAILABILITY = check();

  private static Availability check() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return Availability.unavailable("not Linux (" + os + ")");
    }
    if (!Linux.SUPPORTED_ARCH) {
      return Availability.unavailable("architecture " + Linux.ARCH + " is not supported (x86_64, aarch64 and riscv64 are)");
    }
    if (!NativeAccess.class.getModule().isNativeAccessEnabled() && "deny".equals(illegalNativeAccess())) {
      return Availability.unavailable("native access is denied (--illegal-native-access=deny): run with " + FLAGS);
    }
    SymbolLookup libc;
    try {
      libc = Linker.nativeLinker().defaultLookup(); // finding a symbol is not a restricted call
    } catch (RuntimeException | LinkageError e) {
      return Availability.unavailable("the FFM linker does not work here: " + e);
    }
    for (String function : FUNCTIONS) {
      if (libc.find(function).isEmpty()) {
        return Availability.unavailable("libc has no " + function + "()");
      }
    }
    return Availability.ok();
  }

  /**
   * The JVM's {@code --illegal-native-access} mode as it was started (the last one given wins, as
   * for the launcher), or {@code ""} when none was given. The JVM offers no other way to read it
   * without attempting a restricted call, which is what this class must not do.
   */
  private static String illegalNativeAccess() {
    String mode = "";
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("--illegal-native-access=")) {
        mode = argument.substring(argument.indexOf('=') + 1).strip();
      }
    }
    return mode;
  }
}
