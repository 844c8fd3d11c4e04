package net.udp.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The seed's second example, on the loopback broadcast address: listeners sharing one port with
 * reusePort, and a broadcaster whose one datagram every listener receives.
 */
@Command(
    name = "broadcast",
    mixinStandardHelpOptions = true,
    description = "The seed's broadcast: reusePort listeners on one port each receive one broadcast to 127.255.255.255.")
final class BroadcastCommand implements java.util.concurrent.Callable<Integer> {
  /** The loopback network's broadcast address: the datagram never leaves this machine. */
  static final String LOOPBACK_BROADCAST = "127.255.255.255";

  @ParentCommand UdpCommand parent;

  @Option(names = {"-n", "--listeners"}, defaultValue = "3", converter = Io.CountConverter.class, paramLabel = "N",
      description = "How many listeners, at least 1 (default: ${DEFAULT-VALUE}).")
  int listeners;

  @Option(names = {"-p", "--port"}, defaultValue = "0", converter = Io.PortConverter.class, paramLabel = "PORT",
      description = "The shared port (default: 0, any free port; the seed uses 9001).")
  int port;

  @Option(names = {"-m", "--message"}, defaultValue = "hello!", paramLabel = "TEXT", description = "What to broadcast (default: ${DEFAULT-VALUE}).")
  String message;

  BroadcastCommand() {
    parent = new UdpCommand();
    message = "hello!";
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = parent.spec.commandLine().getOut();
    UdpProvider provider = parent.provider();
    out.println("provider: " + provider.name());
    List<UdpSocket> sockets = new ArrayList<>();
    CountDownLatch received = new CountDownLatch(listeners);
    AtomicInteger deliveries = new AtomicInteger();
    try {
      int shared = port;
      for (int i = 1; i <= listeners; i++) {
        String name = "listener " + i;
        UdpSocket listener =
            provider.newSocket((socket, payload, from) -> {
              deliveries.incrementAndGet();
              out.println(name + " received \"" + Io.text(payload) + "\" from " + Io.text(from));
              out.flush();
              received.countDown();
            });
        sockets.add(listener);
        listener.reusePort().listen(shared).receive();
        shared = listener.info().localPort();
      }
      out.println(listeners + " listeners on port " + shared + "; broadcasting \"" + message + "\" to " + LOOPBACK_BROADCAST + ":" + shared);
      out.flush();
      UdpSocket broadcaster = provider.newSocket().broadcast();
      sockets.add(broadcaster);
      broadcaster.send(Datagram.of(message).to(LOOPBACK_BROADCAST, shared).tag(1), (tag, failure) -> {
        if (failure != null) {
          out.println("broadcast failed: " + failure.getMessage());
        }
      });
      boolean all = received.await(5, TimeUnit.SECONDS);
      Thread.sleep(100); // a duplicate would show up now
      if (parent.verbose) {
        for (int i = 0; i < sockets.size(); i++) {
          Io.printInfo(out, i < listeners ? "listener " + (i + 1) : "broadcaster", sockets.get(i).info());
        }
      }
      if (!all || deliveries.get() != listeners) {
        out.println(deliveries.get() + " deliveries for " + listeners + " listeners");
        return UdpCommand.FAILED;
      }
      out.println("every listener received the broadcast once");
      return UdpCommand.OK;
    } finally {
      sockets.forEach(UdpSocket::close);
    }
  }
}
