package net.udp.benchmarks;

import java.net.InetSocketAddress;

/**
 * A receiving socket of one contender, paused until asked to receive. Every contender touches
 * each payload's first byte, so that none gets away without reading what arrived.
 */
interface Receiver extends AutoCloseable {
  /** How long a benchmark waits for datagrams before it decides they were dropped. */
  long PATIENCE_NANOS = 10_000_000_000L;

  /** Where to send. */
  InetSocketAddress address();

  /**
   * Delivers {@code count} more datagrams, then pauses again.
   *
   * @param count how many
   * @throws IllegalStateException when they do not arrive within {@link #PATIENCE_NANOS}
   */
  void receive(int count) throws Exception;

  /**
   * Pins the thread that delivers datagrams (the contender's event loop, or the calling thread
   * for one that reads on it) to a CPU; see {@link Affinity}.
   *
   * @param cpu the CPU
   */
  void pinDeliveringThread(int cpu) throws Exception;

  /** Starts receiving continuously, for {@link #runFor}. */
  void startReceiving() throws Exception;

  /** Stops receiving continuously. */
  void stopReceiving() throws Exception;

  /**
   * Lets datagrams be delivered for a while: waits, or reads on the calling thread for a
   * contender that reads there.
   *
   * @param nanos how long
   */
  void runFor(long nanos) throws Exception;

  /** How many datagrams were delivered in all; any thread. */
  long delivered();

  /** The first bytes of all payloads delivered, summed: the work a benchmark consumes. */
  long checksum();

  @Override
  void close();
}
