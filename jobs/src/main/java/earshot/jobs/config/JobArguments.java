package earshot.jobs.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The command line every Earshot job accepts: {@code [--config FILE] [--set key=value]... [--bounded]}.
 * Configuration comes from defaults, the file, EARSHOT_* environment variables, then the
 * {@code --set} overrides, and is validated before the job is built.
 */
public record JobArguments(EarshotConfig config, boolean bounded) {

  public static final String USAGE = "arguments: [--config FILE] [--set key=value]... [--bounded]";

  public static JobArguments parse(String[] args, Map<String, String> environment) {
    EarshotConfig.Builder builder = EarshotConfig.builder();
    Path file = null;
    boolean bounded = false;
    java.util.List<String> overrides = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (i + 1 >= args.length) {
            throw new ConfigurationException("--config needs a file; " + USAGE);
          }
          file = Path.of(args[++i]);
          if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("--config: no such file " + file);
          }
        }
        case "--set" -> {
          if (i + 1 >= args.length) {
            throw new ConfigurationException("--set needs key=value; " + USAGE);
          }
          overrides.add(args[++i]);
        }
        case "--bounded" -> bounded = true;
        default -> throw new ConfigurationException("unknown argument '" + args[i] + "'; " + USAGE);
      }
    }
    if (file != null) {
      builder.file(file);
    }
    builder.environment(environment);
    overrides.forEach(builder::override);
    return new JobArguments(builder.build(), bounded);
  }
}
