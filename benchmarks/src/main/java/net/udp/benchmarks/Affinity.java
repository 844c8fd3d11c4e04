package net.udp.benchmarks;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Pins the calling thread to one CPU (Linux {@code sched_setaffinity}), so that every contender
 * is measured with the datagrams queued on one core and drained on another: draining on the core
 * that queued them finds them in that core's cache and costs less than half as much, which would
 * favour whichever contender happens to read on the sending thread.
 */
final class Affinity {
  /** The CPU that queues datagrams and runs waiting benchmark threads. */
  static final int SENDING_CPU = 1;

  /** The CPU that drains. */
  static final int DRAINING_CPU = 0;

  private static final @Nullable MethodHandle SET_AFFINITY = bind();

  private Affinity() {}

  @SuppressWarnings("restricted") // benchmarks run with --enable-native-access=ALL-UNNAMED
  private static @Nullable MethodHandle bind() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return null;
    }
    Linker linker = Linker.nativeLinker();
    return linker.defaultLookup().find("sched_setaffinity")
        .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS)))
        .orElse(null);
  }

  /** Whether pinning works here: Linux, and at least two CPUs. */
  static boolean available() {
    return SET_AFFINITY != null && Runtime.getRuntime().availableProcessors() >= 2;
  }

  /**
   * Pins the calling thread to a CPU; does nothing where pinning is unavailable.
   *
   * @param cpu the CPU's number
   */
  static void pin(int cpu) {
    MethodHandle setAffinity = SET_AFFINITY;
    if (setAffinity == null || !available()) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mask = arena.allocate(128);
      mask.set(JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
      int result = (int) setAffinity.invokeExact(0, 128L, mask);
      if (result != 0) {
        throw new IllegalStateException("sched_setaffinity(" + cpu + ") failed");
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
