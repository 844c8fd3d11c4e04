package net.udp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.udp.Datagram;
import net.udp.UdpSocket;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Discovery, in the spirit of the seed's broadcast example: listeners sharing a port join a
 * multicast group, one announcement goes to the group, and each listener prints it once.
 * Multicast can leave the machine, so the demo runs in a network namespace of its own
 * ({@code --namespace}: loopback with multicast on, nothing else) or on an interface the user names.
 */
@Command(
    name = "discovery",
    mixinStandardHelpOptions = true,
    description = {
      "Multicast discovery: reusePort listeners on one port join a group, one announcement is sent to it, each listener prints it once.",
      "Multicast can leave this machine: run it with --namespace (a network namespace of its own, needing unshare and ip),",
      "or name the interface to use with --interface."
    })
final class DiscoveryCommand implements java.util.concurrent.Callable<Integer> {
  /** Set in the environment of the demo started again inside its namespace. */
  static final String MARK = "NET_UDP_DISCOVERY_NETNS";

  /** What makes loopback carry IPv4 multicast in a fresh namespace. */
  private static final String SETUP = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo src 127.0.0.1";

  @ParentCommand UdpCommand parent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();

  @Option(names = {"-g", "--group"}, defaultValue = "239.255.0.1", paramLabel = "GROUP", description = "The group (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = {"-p", "--port"}, defaultValue = "0", converter = Io.PortConverter.class, paramLabel = "PORT",
      description = "The shared port (default: 0, any free port).")
  int port;

  @Option(names = {"-n", "--listeners"}, defaultValue = "3", converter = Io.CountConverter.class, paramLabel = "N",
      description = "How many listeners, at least 1 (default: ${DEFAULT-VALUE}).")
  int listeners;

  @Option(names = {"-m", "--message"}, defaultValue = "service at 10.0.0.7:8080", paramLabel = "TEXT", description = "The announcement.")
  String message;

  @Option(names = {"-I", "--interface"}, paramLabel = "IF", description = "The interface to join and send on (lo in --namespace).")
  @Nullable String networkInterface;

  @Option(names = "--namespace", description = "Run in a network namespace of its own, where nothing can leave the machine.")
  boolean namespace;

  DiscoveryCommand() {
    parent = new UdpCommand();
    group = "239.255.0.1";
    message = "service at 10.0.0.7:8080";
  }

  @Override
  public Integer call() throws InterruptedException, IOException {
    boolean inside = "1".equals(System.getenv(MARK));
    if (namespace && !inside) {
      return rerunInNamespace();
    }
    String nif = networkInterface != null ? networkInterface : inside ? "lo" : null;
    if (nif == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "multicast could leave this machine: add --namespace to run in a network namespace of its own, or name the interface with --interface");
    }
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
        UdpSocket listener = provider.newSocket((socket, payload, from) -> {
          deliveries.incrementAndGet();
          out.println(name + " heard \"" + Io.text(payload) + "\" from " + Io.text(from));
          out.flush();
          received.countDown();
        });
        sockets.add(listener);
        listener.reusePort().listen(shared).receive();
        shared = listener.info().localPort();
        listener.join(group, nif);
      }
      out.println(listeners + " listeners joined " + group + " on " + nif + ", port " + shared + "; announcing \"" + message + "\"");
      out.flush();
      UdpSocket announcer = provider.newSocket().setMulticastInterface(nif);
      sockets.add(announcer);
      announcer.sendAsync(Datagram.of(message).to(group, shared)).exceptionally(failure -> {
        out.println("the announcement failed: " + failure.getMessage());
        return null;
      });
      boolean all = received.await(5, TimeUnit.SECONDS);
      Thread.sleep(100); // a duplicate would show up now
      if (!all || deliveries.get() != listeners) {
        out.println(deliveries.get() + " deliveries for " + listeners + " listeners");
        return UdpCommand.FAILED;
      }
      out.println("every listener heard the announcement once");
      return UdpCommand.OK;
    } finally {
      sockets.forEach(UdpSocket::close);
    }
  }

  /** Starts this same command again inside a fresh network namespace, marked so that it does not start another. */
  private int rerunInNamespace() throws IOException, InterruptedException {
    ProcessHandle.Info self = ProcessHandle.current().info();
    if (self.command().isEmpty() || self.arguments().isEmpty()) {
      throw new IllegalStateException("discovery --namespace: this system does not say how udp was started, so it cannot start it again");
    }
    List<String> unshare = unshare();
    if (unshare.isEmpty()) {
      throw new IllegalStateException("discovery --namespace: no network namespace can be made here (it needs unshare and ip, and root or user namespaces)");
    }
    List<String> command = new ArrayList<>(unshare);
    command.addAll(List.of("sh", "-c", SETUP + " && exec \"$@\"", "netns", self.command().get()));
    command.addAll(Arrays.asList(self.arguments().get()));
    ProcessBuilder child = new ProcessBuilder(command).inheritIO();
    child.environment().put(MARK, "1");
    return child.start().waitFor();
  }

  private static List<String> unshare() throws InterruptedException {
    for (List<String> candidate : List.of(List.of("unshare", "--net"), List.of("unshare", "--map-root-user", "--net"))) {
      List<String> probe = new ArrayList<>(candidate);
      probe.add("true");
      try {
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
        p.destroyForcibly();
      } catch (IOException e) {
        return List.of();
      }
    }
    return List.of();
  }
}
