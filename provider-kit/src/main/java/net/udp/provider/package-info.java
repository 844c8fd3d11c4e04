/**
 * The provider kit's contract: what a provider implements to get sockets that keep every rule of
 * the API.
 *
 * <h2>Writing a provider with the kit</h2>
 *
 * A provider supplies three things:
 *
 * <ul>
 *   <li>an {@link net.udp.provider.EventLoop} subclass: how its thread waits for events and serves
 *       them ({@code serve}), how another thread wakes it ({@code wakeup}), and how it opens an
 *       operating-system socket ({@code open});
 *   <li>an {@link net.udp.provider.OsSocket} per opened socket: the system calls (bind options,
 *       connect, send, close), reading while {@link net.udp.provider.SocketEvents#receiveAllowance()}
 *       allows and handing each datagram to {@link net.udp.provider.SocketEvents#received};
 *   <li>a {@link net.udp.spi.UdpProvider} whose {@code newSocket} takes a loop from a {@link
 *       net.udp.provider.LoopGroup} and returns {@link net.udp.provider.EventLoop#newSocket}.
 * </ul>
 *
 * The kit's sockets validate arguments, keep the life cycle, resolve names off the loop, queue
 * sends with their timeouts, run the receive modes, hand callbacks to the loop or the socket's
 * executor, count, and answer {@code info()}. A provider that does not use the kit implements
 * {@link net.udp.UdpSocket} itself; the conformance testkit checks either kind.
 *
 * <h2>Threads and locks</h2>
 *
 * <p><b>Threads.</b>
 *
 * <ul>
 *   <li><i>User threads</i> call any method of a socket, from anywhere, including from inside a
 *       callback.
 *   <li><i>The loop thread</i> (one per {@code EventLoop}, a platform daemon thread named after
 *       the provider) serves its sockets' events: it reads datagrams and calls the receive callback
 *       of a socket that has no executor; it flushes send queues when a socket becomes writable and
 *       at the end of each turn; it runs send, connect and error callbacks of sockets without an
 *       executor, and the tasks other threads hand it. A callback must not block it.
 *   <li><i>A socket's executor</i>, when it has one, runs all of that socket's callbacks, one at
 *       a time and in order, on copies of the payloads.
 *   <li><i>{@code net.udp-resolver-N}</i> (up to 4 daemon threads, idle ones end) resolve host
 *       names given to {@code send}; <i>{@code net.udp-timer-1}</i> fails sends whose timeout
 *       passed. {@code listen} and {@code connect} resolve on the caller's thread.
 * </ul>
 *
 * <p><b>Locks</b>, always taken in this order, never the reverse:
 *
 * <ol>
 *   <li>a socket's <i>state lock</i>: its life cycle (open, connect, close) and every call on its
 *       operating-system socket from a user's thread except sends: options, {@code getsockname},
 *       the {@code getsockopt} of {@code info()}, and every multicast call (joining, and a
 *       membership's block, unblock and drop, which thus never race a close);
 *   <li>its <i>send-queue lock</i>: the queue, the native batch it borrowed ({@link
 *       net.udp.provider.SendBatch}, for sends made on the loop or handed over in a {@code
 *       UdpBatch}) from borrowing to giving back, and every send system call, from any thread;
 *   <li>its <i>receive gate's monitor</i>: the receive mode's one-datagram mark and the
 *       datagrams held for an executor or a pause;
 *   <li>its <i>dispatcher's monitor</i>, only while its executor is being replaced (the callbacks
 *       still waiting for the old one move to the new one under it);
 *   <li>the monitor of its <i>executor's task queue</i>.
 * </ol>
 *
 * A provider's own locks (a registration table, say) are taken last and held briefly. No lock is
 * held while user code runs: callbacks are handed over once the locks are released, and a
 * callback may call anything, {@code close} included. What a callback throws, {@code Error}s
 * included, is counted ({@code info().counters().callbackFailures()}) and reported at a bounded
 * rate, and the loop goes on; an executor that throws instead of taking a callback has it run on
 * the loop.
 *
 * <p><b>No delivery after close.</b> Each delivery marks its phase (deciding, then calling) and
 * checks the socket's current life; close refuses further deliveries, then waits, bounded, for a
 * delivery still deciding. The one callback already called runs on (its first line may even run
 * after close returned, if its thread was preempted right after the mark); no datagram is handed
 * to the callback once {@code close} returns, and none read before a close reaches the socket's
 * next life.
 *
 * <p><b>Closing</b> takes the state lock, retires the socket's current life (what the provider
 * reports afterwards is ignored), clears the receive gate, sends what the kernel takes and fails
 * the rest, then closes the operating-system socket on the calling thread: the provider marks each
 * system call its loop makes on a descriptor, and the closing thread waits only for such a call to
 * end, at most {@link net.udp.provider.EventLoop#SYSTEM_CALL_WAIT}. It never waits for the loop to
 * finish a turn or a callback, so the port is free when {@code close()} returns.
 */
@NullMarked
package net.udp.provider;

import org.jspecify.annotations.NullMarked;
