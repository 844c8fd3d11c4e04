package net.udp.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.udp.cli.soak.Soak;
import net.udp.spi.UdpProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The soak: a provider tried as a hostile user would, at scale, on loopback. One line per figure,
 * then a verdict; exit status 1 on any loss, leak or broken promise.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Soak a provider on loopback, and say whether anything was lost or leaked.",
      "It runs paced integrity (numbered, checksummed datagrams of 0 to 1400 bytes), an unpaced flood into a slow",
      "callback, sends from four threads, open/close cycles and 2000 sockets at once (descriptors, threads, memory), close raced against",
      "delivery four ways, and faults (Errors in callbacks, a throwing executor, reopen in mid-delivery, a burst from one callback).",
      "Prints one line per figure and a verdict; exits 1 on any loss or leak. The short mode (default) takes under a minute a provider."
    })
final class SoakCommand implements Callable<Integer> {
  @ParentCommand UdpCommand parent;

  @Option(names = "--long", description = "The release sizes: 1,000,000 datagrams, 10,000 cycles, 3,000 closes a mode (several minutes).")
  boolean longMode;

  @Option(names = "--only", split = ",", paramLabel = "SCENARIO", description = "Run only these: integrity, flood, senders, lifecycles, closes, faults.")
  List<String> only = new ArrayList<>();

  SoakCommand() {
    parent = new UdpCommand();
  }

  @Override
  public Integer call() throws Exception {
    for (String name : only) {
      if (!Soak.scenarios().contains(name)) {
        throw new IllegalArgumentException("--only: no scenario named " + name + "; they are " + String.join(", ", Soak.scenarios()));
      }
    }
    UdpProvider provider = parent.provider();
    PrintWriter out = parent.spec.commandLine().getOut();
    out.println("soak of provider " + provider.name() + " (" + (longMode ? "long" : "short") + " mode)");
    try (Soak soak = new Soak(provider, longMode, out)) {
      return soak.run(only) ? UdpCommand.OK : UdpCommand.FAILED;
    }
  }
}
