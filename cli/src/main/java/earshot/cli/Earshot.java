package earshot.cli;

import earshot.jobs.config.ConfigurationException;
import earshot.schemas.AvroTrust;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code ./earshot}: dispatches to a sub-command. Exit codes: 0 success, 1 the
 * command failed, 2 bad arguments or configuration (with a usage message).
 */
public final class Earshot {

  private final Map<String, Command> commands = new LinkedHashMap<>();

  Earshot() {
    for (Command command : List.of(new DemoCommand(), new ServicesCommand(), new SetupCommand(),
        new GenerateCommand(), new ProduceCommand(), new IdentitiesCommand(), new ReplayCommand(), new BacktestCommand(), new SentimentCommand(), new ChurnCommand(), new BenchCommand(),
        new TailCommand(), new ClusterCommand(), new DeployCommand(), new UpgradeCommand(), new ConfigCommand())) {
      commands.put(command.name(), command);
    }
  }

  public static void main(String[] args) {
    AvroTrust.install();
    String home = System.getProperty("earshot.home", ".");
    int code = new Earshot().run(args, new Cli(Path.of(home).toAbsolutePath().normalize(), System.getenv(),
        System.out, System.err));
    System.out.flush();
    System.exit(code);
  }

  int run(String[] args, Cli cli) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      printUsage(args.length == 0 ? cli.err : cli.out);
      return args.length == 0 ? 2 : 0;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      cli.err.println("earshot: unknown command '" + args[0] + "'");
      printUsage(cli.err);
      return 2;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("--help") || rest.contains("-h")) {
      cli.out.println(command.usage());
      return 0;
    }
    try {
      return command.run(rest, cli);
    } catch (UsageException e) {
      cli.err.println("earshot " + command.name() + ": " + e.getMessage());
      cli.err.println(command.usage());
      return 2;
    } catch (ConfigurationException e) {
      cli.err.println("earshot " + command.name() + ": " + e.getMessage());
      return 2;
    } catch (java.nio.charset.CharacterCodingException e) {
      // A file read as UTF-8 that is not (saved as Latin-1, say): the input is bad, not the machine.
      cli.err.println("earshot " + command.name() + ": a file it read is not UTF-8 text (" + describe(e)
          + "); save it as UTF-8");
      return 2;
    } catch (Exception e) {
      cli.err.println("earshot " + command.name() + " failed: " + describe(e));
      return 1;
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getMessage() == null ? e.toString() : e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append("\n  caused by: ").append(cause.getMessage());
      }
    }
    return text.toString();
  }

  private void printUsage(PrintStream out) {
    out.println("usage: ./earshot <command> [options]      (./earshot <command> --help for details)");
    out.println();
    out.printf("  %-10s %s%n", "test", "run every test: unit tests and integration tests on real services");
    out.printf("  %-10s %s%n", "fuzz", "run a fuzzing campaign on a fuzz target (./earshot fuzz --help lists them)");
    for (Command command : commands.values()) {
      out.printf("  %-10s %s%n", command.name(), command.summary());
    }
  }
}
