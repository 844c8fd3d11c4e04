package net.udp.testkit.faults;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import net.udp.ReceiveCallback;
import net.udp.SendCallback;
import net.udp.UdpSocket;
import net.udp.UdpSocketInfo;
import net.udp.spi.CountersBuilder;
import net.udp.spi.SocketInfoBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Faults in the path a callback takes when the socket has an executor: the provider's task that
 * runs it on the executor's thread is a second copy of the loop's own, and a bug kept out of one
 * copy can live in the other.
 */
final class ExecutorFaults {
  private ExecutorFaults() {}

  /** A socket that knows whether it has an executor, for faults of that path only. */
  private abstract static class OnExecutor extends Delegating {
    volatile boolean hasExecutor;

    OnExecutor(UdpSocket socket) {
      super(socket);
    }

    @Override
    public UdpSocket setExecutor(@Nullable Executor executor) {
      hasExecutor = executor != null;
      return super.setExecutor(executor);
    }

    /** The callback, doing {@code onThrow} first when it throws while the socket has an executor. */
    ReceiveCallback onThrowOnExecutor(ReceiveCallback callback, Runnable onThrow) {
      return (s, payload, sender) -> {
        try {
          callback.onReceive(this, payload, sender);
        } catch (RuntimeException e) {
          if (hasExecutor) {
            onThrow.run();
          }
          throw e;
        }
      };
    }
  }

  /**
   * The task that runs callbacks on the executor has no catch: a callback that throws ends it,
   * and the socket's reading stops with it, as a pause would.
   */
  static UdpSocket throwOnAnExecutorStopsDelivery(UdpSocket socket, FaultyProvider provider) {
    return new OnExecutor(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return onThrowOnExecutor(callback, delegate::pause);
      }
    };
  }

  /** A callback that throws on the executor is not counted: the count is kept in the loop's copy only. */
  static UdpSocket failuresOnAnExecutorUncounted(UdpSocket socket, FaultyProvider provider) {
    AtomicLong onExecutor = new AtomicLong();
    return new OnExecutor(socket) {
      @Override
      protected ReceiveCallback wrap(ReceiveCallback callback) {
        return onThrowOnExecutor(callback, onExecutor::incrementAndGet);
      }

      @Override
      public UdpSocketInfo info() {
        UdpSocketInfo i = delegate.info();
        long counted = i.counters().callbackFailures() - onExecutor.get();
        return SocketInfoBuilder.from(i).counters(CountersBuilder.from(i.counters()).callbackFailures(counted).build()).build();
      }
    };
  }

  /**
   * The executor's task that runs send callbacks catches exceptions but not errors: an error from
   * one ends it, with the socket's drain still marked as scheduled, and no later send callback
   * runs. On the loop the error is caught.
   */
  static UdpSocket errorInASendCallbackEndsTheExecutorsTask(UdpSocket socket, FaultyProvider provider) {
    AtomicBoolean ended = new AtomicBoolean();
    return new OnExecutor(socket) {
      @Override
      protected @Nullable SendCallback wrap(@Nullable SendCallback callback) {
        return callback == null ? null : (tag, failure) -> {
          if (ended.get()) {
            return;
          }
          try {
            callback.onSent(tag, failure);
          } catch (Error e) {
            if (hasExecutor) {
              ended.set(true);
            }
            throw e;
          }
        };
      }
    };
  }
}
