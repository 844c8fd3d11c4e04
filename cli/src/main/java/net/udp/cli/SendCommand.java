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

  @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Io.HostPortConverter.class, description = "Where to send.")
  InetSocketAddress to;

  @Parameters(index = "1..*", paramLabel = "MESSAGE", description = "The text to send (words joined by spaces).")
  List<String> message;

  @Option(names = "--whole", description = "Send all of standard input as one datagram, not one per line.")
  boolean whole;

  @Option(names = "--broadcast", description = "Allow sending to a broadcast address.")
  boolean broadcast;

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
    if (!message.isEmpty()) {
      datagrams.add(String.join(" ", message).getBytes(StandardCharsets.UTF_8));
    } else {
      byte[] all = readAll(input);
      if (whole) {
        datagrams.add(all);
      } else {
        for (String line : new String(all, StandardCharsets.UTF_8).lines().toList()) {
          datagrams.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    int failed = 0;
    try (UdpSocket socket = parent.provider().newSocket().broadcast(broadcast)) {
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (byte[] datagram : datagrams) {
        sends.add(socket.sendAsync(java.nio.ByteBuffer.wrap(datagram), Io.host(target), target.getPort()));
      }
      for (CompletableFuture<Void> send : sends) {
        try {
          send.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failed++;
          err.println("udp: " + (e.getCause() == null ? e : e.getCause().getMessage()));
        } catch (TimeoutException e) {
          failed++;
          err.println("udp: a send did not complete within 30 s");
        }
      }
      if (parent.verbose) {
        Io.printInfo(parent.spec.commandLine().getOut(), "sender", socket.info());
      }
    }
    err.println("sent " + (datagrams.size() - failed) + " of " + datagrams.size() + " datagrams to " + Io.text(to));
    err.flush();
    return failed == 0 ? UdpCommand.OK : UdpCommand.FAILED;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toByteArray();
  }
}
