package net.udp.cli;

import java.io.PrintWriter;
import net.udp.Udp;
import net.udp.UdpException;
import net.udp.UdpProviderException;
import net.udp.spi.UdpProvider;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code udp} command. Exit statuses: 0 done, 1 failed (a send failed, a demo did not
 * complete, fewer datagrams than {@code --count} arrived in time), 2 bad usage, 3 no UDP
 * provider available.
 */
@Command(
    name = "udp",
    mixinStandardHelpOptions = true,
    versionProvider = UdpCommand.Version.class,
    description = {
      "Asynchronous UDP from the shell: the seed's two demos, a netcat-style tool, a quick bench.",
      "The seed is Hammerspoon's hs.socket.udp, the Lua module net.udp is modelled on."
    },
    subcommands = {
      PingPongCommand.class,
      BroadcastCommand.class,
      DiscoveryCommand.class,
      ListenCommand.class,
      SendCommand.class,
      EchoCommand.class,
      BenchCommand.class,
      SoakCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done",
      "1:failed: a send failed, a demo did not complete, or fewer datagrams than --count arrived in time",
      "2:bad usage (one line says what, and how to get help)",
      "3:no UDP provider available"
    })
public final class UdpCommand implements Runnable {
  /** Exit status: done. */
  static final int OK = 0;

  /** Exit status: the work failed. */
  static final int FAILED = 1;

  /** Exit status: bad usage. */
  static final int USAGE = 2;

  /** Exit status: no provider. */
  static final int NO_PROVIDER = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--provider",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "The UDP provider to use (nio, epoll); default: the best available one.")
  @Nullable String provider;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print each socket's info() at the end.")
  boolean verbose;

  /** Created by picocli. */
  UdpCommand() {
    spec = CommandSpec.create();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The provider chosen by {@code --provider}, or the default one.
   *
   * @return the provider
   * @throws UdpProviderException when none fits
   */
  UdpProvider provider() {
    String name = provider;
    return name == null ? Udp.provider() : Udp.provider(name);
  }

  /**
   * Runs the command.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, with the exit statuses this command documents.
   *
   * @return a new command line
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new UdpCommand());
    cl.setExecutionExceptionHandler(UdpCommand::failed);
    cl.setParameterExceptionHandler((e, args) -> usage(e));
    return cl;
  }

  /**
   * A usage error, as nc and socat report one: a line that says what is wrong, a line that says
   * where help is, and status 2. Not the whole usage text, which buries the line that matters.
   */
  private static int usage(CommandLine.ParameterException e) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    String path = cl.getCommandSpec().qualifiedName();
    err.println(path + ": " + e.getMessage());
    err.println("Try '" + path + " --help' for more information.");
    err.flush();
    return USAGE;
  }

  private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    if (e instanceof CommandLine.ParameterException usage) {
      return usage(usage);
    }
    PrintWriter err = cl.getErr();
    if (e instanceof UdpProviderException) {
      err.println("udp: " + e.getMessage());
      return NO_PROVIDER;
    }
    if (e instanceof UdpException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      err.println("udp: " + e.getMessage());
      return FAILED;
    }
    e.printStackTrace(err);
    return FAILED;
  }

  /** The version: the api's module version and the providers found. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = UdpCommand.class.getModule().getDescriptor() == null
          ? "(class path)"
          : UdpCommand.class.getModule().getDescriptor().toNameAndVersion();
      StringBuilder providers = new StringBuilder();
      for (UdpProvider p : Udp.providers()) {
        providers.append(providers.length() == 0 ? "" : ", ").append(p);
      }
      return new String[] {version, "providers: " + (providers.length() == 0 ? "none" : providers)};
    }
  }
}
