package earshot.cli;

import earshot.jobs.enrich.EnrichJob;
import earshot.jobs.signals.SignalsJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The shaded job jar and the jobs in it, as {@code deploy} and {@code upgrade} use them. */
final class JobJar {

  /** Job name (as the cluster lists it) by the word that selects it on the command line. */
  static final Map<String, String> NAMES = Map.of("enrich", EnrichJob.NAME, "signals", SignalsJob.NAME);
  /** Entry class by job name. */
  static final Map<String, String> ENTRY_CLASSES = Map.of(EnrichJob.NAME, EnrichJob.class.getName(),
      SignalsJob.NAME, SignalsJob.class.getName());
  static final Set<String> CHOICES = Set.of("enrich", "signals", "all");

  private JobJar() {}

  /** The job names a command-line word stands for, in the order they should start. */
  static List<String> selected(String word) {
    return word.equals("all") ? List.of(EnrichJob.NAME, SignalsJob.NAME) : List.of(NAMES.get(word));
  }

  /** The jar given with --jar, or the one the build made in jobs/target. */
  static Path find(Cli cli, Path given) throws IOException {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new UsageException("--jar: no such file " + given);
      }
      return given;
    }
    Path target = cli.home.resolve("jobs/target");
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        // After a version change the build leaves the old jar behind: the newest one is the current build.
        java.util.Optional<Path> newest = files
            .filter(p -> p.getFileName().toString().matches("earshot-jobs-.*-job\\.jar"))
            .max(java.util.Comparator.comparing(p -> p.toFile().lastModified()));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    throw new IOException("no job jar in " + target + "; build it with 'mvn -B -DskipTests package' (the"
        + " ./earshot launcher does this when sources change) or give one with --jar");
  }
}
