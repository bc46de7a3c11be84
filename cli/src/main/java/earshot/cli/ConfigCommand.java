package earshot.cli;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Setting;
import earshot.jobs.config.Settings;
import java.util.List;
import java.util.Set;

/** {@code ./earshot config}: every setting, its value and where the value came from. */
final class ConfigCommand implements Command {

  @Override
  public String name() {
    return "config";
  }

  @Override
  public String summary() {
    return "show every setting with its value, origin and meaning";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot config [--config FILE] [--set key=value]...

        Prints each setting, its value (secrets masked), where the value comes from (default,
        file, environment, command line) and what it means. Fails, naming the setting, when a
        value is invalid.""";
  }

  @Override
  public int run(List<String> raw, Cli cli) {
    Args args = Args.parse(raw, Set.copyOf(Cli.CONFIG_OPTIONS), Set.of());
    args.noPositionals();
    EarshotConfig config = cli.config(args);
    var values = config.describe();
    for (Setting<?> setting : Settings.all().values()) {
      cli.out.printf("%-36s = %-28s [%s]%n    %s (%s; env %s)%n", setting.key(), values.get(setting.key()),
          config.origin(setting), setting.description(), setting.type(), setting.environmentVariable());
    }
    return 0;
  }
}
