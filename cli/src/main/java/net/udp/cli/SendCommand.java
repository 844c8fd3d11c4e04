package net.udp.cli;

import java.io.BufferedInputStream;
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
import net.udp.Datagram;
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
    description = {
      "Send MESSAGE to HOST:PORT as one datagram, or standard input one line a datagram as it comes.",
      "Each line's ending is sent with it, as nc sends it; --strip-newlines leaves it out, --whole sends all of the input as one datagram."
    })
final class SendCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create();

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Io.HostPortConverter.class, description = "Where to send.")
  InetSocketAddress to;

  @Parameters(index = "1..*", paramLabel = "MESSAGE", description = "The text to send (words joined by spaces).")
  List<String> message;

  @Option(names = "--whole", description = "Send all of standard input as one datagram, not one per line.")
  boolean whole;

  @Option(names = "--strip-newlines", description = "Send each line of standard input without its line ending (\\n or \\r\\n).")
  boolean strip;

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
    List<byte[]> given = new ArrayList<>(); // what is known before the socket opens
    try {
      if (!message.isEmpty()) {
        String text = String.join(" ", message);
        given.add(hex ? Io.unhex(text) : text.getBytes(StandardCharsets.UTF_8));
      } else if (whole) {
        byte[] all = input.readAllBytes();
        given.add(hex ? Io.unhex(new String(all, StandardCharsets.UTF_8)) : all);
      }
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    int failed = 0;
    int count = 0;
    try (UdpSocket socket = parent.provider().newSocket().broadcast(broadcast)) {
      if (networkInterface != null) {
        socket.setMulticastInterface(networkInterface);
      }
      Integer hops = ttl;
      if (hops != null) {
        socket.setMulticastTtl(hops);
      }
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      if (message.isEmpty() && !whole) {
        // Each line leaves as soon as it is read, as nc sends it: a script's later lines may
        // depend on replies to the earlier ones.
        InputStream in = input instanceof BufferedInputStream ? input : new BufferedInputStream(input);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (byte[] read = nextLine(in, line); read != null; read = nextLine(in, line)) {
          byte[] datagram;
          try {
            datagram = hex ? Io.unhex(new String(withoutEnding(read), StandardCharsets.UTF_8)) : strip ? withoutEnding(read) : read;
          } catch (picocli.CommandLine.TypeConversionException e) {
            err.println("udp: line " + (count + 1) + " of standard input: " + e.getMessage());
            failed++;
            count++;
            continue;
          }
          sends.add(send(socket, datagram));
          count++;
        }
      } else {
        for (byte[] datagram : given) {
          sends.add(send(socket, datagram));
          count++;
        }
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
    if (failed == 0 || count > 1) { // a single failed send: its one line says it all
      err.println("sent " + (count - failed) + " of " + count + " datagrams to " + Io.text(to));
    }
    err.flush();
    return failed == 0 ? UdpCommand.OK : UdpCommand.FAILED;
  }

  private CompletableFuture<Void> send(UdpSocket socket, byte[] datagram) {
    return socket.sendAsync(Datagram.of(java.nio.ByteBuffer.wrap(datagram)).to(Io.host(to), to.getPort()));
  }

  /** The next line of {@code in} with its ending, or {@code null} at the end of the input. */
  private static byte @Nullable [] nextLine(InputStream in, ByteArrayOutputStream line) throws IOException {
    line.reset();
    for (int b = in.read(); b != -1; b = in.read()) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.size() == 0 ? null : line.toByteArray();
  }

  /** A line without its ending, {@code \n} or {@code \r\n}. */
  private static byte[] withoutEnding(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\n') {
      end--;
      if (end > 0 && line[end - 1] == '\r') {
        end--;
      }
    }
    return java.util.Arrays.copyOf(line, end);
  }
}
