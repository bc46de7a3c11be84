package earshot.cli;

import java.util.List;

/** One {@code ./earshot} sub-command. */
interface Command {

  /** The word that selects it, such as "demo". */
  String name();

  /** One line for the command list. */
  String summary();

  /** The full usage text, shown with --help and after a usage error. */
  String usage();

  /** Runs it; returns the process exit code. */
  int run(List<String> args, Cli cli) throws Exception;
}
