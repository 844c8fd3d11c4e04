package net.udp.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.ReceiveCallback;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;

/**
 * A receive callback that keeps a copy of every datagram, for a rule to take in order, each wait
 * bounded in time.
 */
public final class Inbox implements ReceiveCallback {
  private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();

  private final long dwellNanos;

  /** An empty inbox, to give a socket as its receive callback. */
  public Inbox() {
    this(Duration.ZERO);
  }

  private Inbox(Duration dwell) {
    this.dwellNanos = dwell.toNanos();
  }

  /**
   * An inbox whose callback takes its time: each call stays inside for {@code dwell}, so that calls
   * a provider lets overlap do overlap, and {@link #overlaps()} sees it.
   *
   * @param dwell how long each call lasts at least
   * @return the inbox
   */
  public static Inbox dwelling(Duration dwell) {
    return new Inbox(dwell);
  }

  /** One datagram as the callback saw it. */
  public static final class Datagram {
    private final UdpSocket socket;
    private final byte[] payload;
    private final InetSocketAddress sender;
    private final String thread;
    private final boolean readOnly;

    Datagram(UdpSocket socket, byte[] payload, InetSocketAddress sender, String thread, boolean readOnly) {
      this.socket = socket;
      this.payload = payload;
      this.sender = sender;
      this.thread = thread;
      this.readOnly = readOnly;
    }

    /**
     * The socket it arrived on.
     *
     * @return the socket
     */
    public UdpSocket socket() {
      return socket;
    }

    /**
     * A copy of its bytes.
     *
     * @return the payload
     */
    public byte[] payload() {
      return payload;
    }

    /**
     * Where it came from.
     *
     * @return the sender
     */
    public InetSocketAddress sender() {
      return sender;
    }

    /**
     * The name of the thread that ran the callback.
     *
     * @return the thread name
     */
    public String thread() {
      return thread;
    }

    /**
     * Whether the payload buffer handed to the callback was read-only.
     *
     * @return {@code true} when read-only
     */
    public boolean readOnly() {
      return readOnly;
    }

    /**
     * The payload as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Describes the datagram for failure messages.
     *
     * @return its size, sender and the start of its text
     */
    @Override
    public String toString() {
      String text = text();
      return payload.length + " bytes from " + sender + ": \"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
    }
  }

  @Override
  public void onReceive(UdpSocket socket, ByteBuffer payload, InetSocketAddress sender) {
    if (running.incrementAndGet() > 1) {
      overlaps.incrementAndGet();
    }
    try {
      if (dwellNanos > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(dwellNanos);
      }
      byte[] copy = new byte[payload.remaining()];
      payload.duplicate().get(copy);
      count.incrementAndGet();
      queue.add(new Datagram(socket, copy, sender, Thread.currentThread().getName(), payload.isReadOnly()));
    } finally {
      running.decrementAndGet();
    }
  }

  /**
   * Takes the next datagram, waiting up to {@link Rig#patience()}.
   *
   * @param what what the rule expected, for the failure message
   * @return the datagram
   * @throws AssertionError if none arrives in time
   */
  public Datagram next(String what) {
    Datagram d = poll(Rig.patience());
    if (d == null) {
      throw new AssertionError("expected " + what + " within " + Rig.patience().toSeconds() + " s; none arrived");
    }
    return d;
  }

  /**
   * Takes the next {@code n} datagrams, in order of arrival.
   *
   * @param n how many
   * @param what what the rule expected
   * @return the datagrams
   * @throws AssertionError if fewer arrive within {@link Rig#patience()} of each other
   */
  public List<Datagram> next(int n, String what) {
    List<Datagram> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Datagram d = poll(Rig.patience());
      if (d == null) {
        throw new AssertionError("expected " + n + " " + what + "; only " + i + " arrived within " + Rig.patience().toSeconds() + " s");
      }
      all.add(d);
    }
    return all;
  }

  /**
   * Takes the next datagram if one arrives within a time.
   *
   * @param wait how long to wait
   * @return the datagram, or {@code null}
   */
  public @Nullable Datagram poll(Duration wait) {
    try {
      return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Checks that nothing arrives for a while.
   *
   * @param wait how long to watch
   * @param why what the rule asserts, for the failure message
   * @throws AssertionError if a datagram arrives
   */
  public void expectNothing(Duration wait, String why) {
    Datagram d = poll(wait);
    if (d != null) {
      throw new AssertionError(why + ", but a datagram arrived: \"" + d.text() + "\" from " + d.sender());
    }
  }

  /**
   * Throws away what has arrived and what arrives until nothing has for a while: after a failed
   * try of a property, so that its leftovers do not mislead the next run.
   *
   * @param quiet how long nothing must arrive
   * @return how many datagrams were thrown away
   */
  public int drain(Duration quiet) {
    int drained = 0;
    while (poll(quiet) != null) {
      drained++;
    }
    return drained;
  }

  /**
   * How many datagrams the callback saw in all.
   *
   * @return the count
   */
  public int count() {
    return count.get();
  }

  /**
   * How many times the callback was entered while another call of it was still running.
   *
   * @return the count; 0 when calls were one at a time
   */
  public int overlaps() {
    return overlaps.get();
  }

  /**
   * Whether a call of the callback is under way now.
   *
   * @return true while one runs
   */
  public boolean busy() {
    return running.get() > 0;
  }
}
