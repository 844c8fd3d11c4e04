package net.udp.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.udp.UdpSocket;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Sends datagrams, like {@code nc -u HOST PORT}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = "Send MESSAGE to HOST:PORT as one datagram; without MESSAGE, send standard input, one datagram per line (or all of it as one, with --whole).")
final class SendCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Io.HostPortConverter.class, description = "Where to send.")
  InetSocketAddress to;

  @Parameters(index = "1..*", paramLabel = "MESSAGE", description = "The text to send (words joined by spaces).")
  List<String> message;

  @Option(names = "--whole", description = "Send all of standard input as one datagram, not one per line.")
  boolean whole;

  @Option(names = {"-b", "--broadcast"}, description = "Allow sending to a broadcast address.")
  boolean broadcast;

  @Option(names = {"-t", "--ttl"}, paramLabel = "HOPS", converter = TtlConverter.class,
      description = "The TTL (hop limit) of multicast datagrams, 0 to 255 (default 1: this network only).")
  @Nullable Integer ttl;

  @Option(names = {"-I", "--interface"}, paramLabel = "IF", description = "The interface multicast datagrams leave by (default: the route's).")
  @Nullable String networkInterface;

  /** Parses a TTL, so that one out of range is a usage error. */
  static final class TtlConverter implements picocli.CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Io.number(value, 0, 255, "out of range (0 to 255)");
    }
  }

  @Option(names = {"-x", "--hex"}, description = "MESSAGE (or each line of standard input) is hex bytes: udp send -x 127.0.0.1:9 48 69 0a.")
  boolean hex;

  /** Standard input; tests replace it. */
  InputStream input = System.in;

  SendCommand() {
    parent = new UdpCommand();
    to = InetSocketAddress.createUnresolved("", 0);
    message = new ArrayList<>();
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = parent.spec.commandLine().getErr();
    InetSocketAddress target = to;
    List<byte[]> datagrams = new ArrayList<>();
    try {
      if (!message.isEmpty()) {
        String text = String.join(" ", message);
        datagrams.add(hex ? Io.unhex(text) : text.getBytes(StandardCharsets.UTF_8));
      } else {
        byte[] all = readAll(input);
        if (whole) {
          datagrams.add(hex ? Io.unhex(new String(all, StandardCharsets.UTF_8)) : all);
        } else {
          for (String line : new String(all, StandardCharsets.UTF_8).lines().toList()) {
            datagrams.add(hex ? Io.unhex(line) : line.getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    int failed = 0;
    try (UdpSocket socket = parent.provider().newSocket().broadcast(broadcast)) {
      if (networkInterface != null) {
        socket.setMulticastInterface(networkInterface);
      }
      Integer hops = ttl;
      if (hops != null) {
        socket.setMulticastTtl(hops);
      }
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (byte[] datagram : datagrams) {
        sends.add(socket.sendAsync(java.nio.ByteBuffer.wrap(datagram), Io.host(target), target.getPort()));
      }
      for (CompletableFuture<Void> send : sends) {
        try {
          send.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failed++;
          String reason = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
          if (!broadcast && reason.contains("Permission denied")) {
            reason += " (to send to a broadcast address, add --broadcast)";
          }
          err.println("udp: " + reason);
        } catch (TimeoutException e) {
          failed++;
          err.println("udp: a send did not complete within 30 s");
        }
      }
      if (parent.verbose) {
        Io.printInfo(parent.spec.commandLine().getOut(), "sender", socket.info());
      }
    }
    if (failed == 0 || datagrams.size() > 1) { // a single failed send: its one line says it all
      err.println("sent " + (datagrams.size() - failed) + " of " + datagrams.size() + " datagrams to " + Io.text(to));
    }
    err.flush();
    return failed == 0 ? UdpCommand.OK : UdpCommand.FAILED;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toByteArray();
  }
}
