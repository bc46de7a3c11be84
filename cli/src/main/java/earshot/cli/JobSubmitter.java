package earshot.cli;

import earshot.deploy.cluster.FlinkRestClient;
import earshot.jobs.config.EarshotConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Earshot's jobs from the shaded job jar on a Flink cluster through its REST API, each with
 * exactly the given configuration (every explicitly set value passed as {@code --set key=value}):
 * first deployments, which never start a second copy of a running job, and upgrades from a
 * savepoint. Prints one line per step. Used by {@code deploy}, {@code upgrade} and the live demo.
 */
final class JobSubmitter {

  private final FlinkRestClient flink;
  private final EarshotConfig config;
  private final PrintStream out;

  JobSubmitter(FlinkRestClient flink, EarshotConfig config, PrintStream out) {
    this.flink = flink;
    this.config = config;
    this.out = out;
  }

  /** The jobs' command line: every explicitly set value of the configuration. */
  static List<String> arguments(EarshotConfig config) {
    List<String> arguments = new ArrayList<>();
    for (String assignment : config.explicitAssignments()) {
      arguments.add("--set");
      arguments.add(assignment);
    }
    return arguments;
  }

  /** The named jobs that do not run on the cluster, in the given order. */
  List<String> notRunning(List<String> names) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (flink.runningJob(name).isEmpty()) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** Submits the named jobs, refusing (before anything is uploaded) if any of them runs already. */
  void deploy(Path jar, List<String> names) throws IOException {
    for (String name : names) {
      if (flink.runningJob(name).isPresent()) {
        throw new IllegalStateException(name + " already runs on " + flink.baseUrl()
            + "; use './earshot upgrade' to replace it from a savepoint");
      }
    }
    submit(jar, names);
  }

  /** Uploads the jar and runs each named job with the configuration's explicit values. */
  void submit(Path jar, List<String> names) throws IOException {
    out.println("Uploading " + jar.getFileName() + " to " + flink.baseUrl() + " ...");
    String jarId = flink.uploadJar(jar);
    for (String name : names) {
      String jobId = flink.runJar(jarId, JobJar.ENTRY_CLASSES.get(name), arguments(config), null);
      out.println("  " + name + " running as job " + jobId);
    }
  }

  /**
   * Replaces each named job by the jar's: stops it with a savepoint (into {@code savepointDir}, or the
   * cluster's default when null) and starts the new one from it. Every job must run before any is
   * stopped.
   */
  void upgrade(Path jar, List<String> names, String savepointDir) throws IOException {
    Map<String, FlinkRestClient.Job> running = new LinkedHashMap<>();
    for (String name : names) {
      running.put(name, flink.runningJob(name).orElseThrow(() -> new IllegalStateException(
          name + " does not run on " + flink.baseUrl() + "; start it with './earshot deploy'")));
    }
    String jarId = flink.uploadJar(jar);
    for (Map.Entry<String, FlinkRestClient.Job> entry : running.entrySet()) {
      String name = entry.getKey();
      FlinkRestClient.Job job = entry.getValue();
      out.println("Stopping " + name + " (" + job.id() + ") with a savepoint ...");
      // Without draining: open windows, deduplication state and Kafka offsets carry over.
      String savepoint = flink.stopWithSavepoint(job.id(), savepointDir, Duration.ofMinutes(10));
      out.println("  savepoint: " + savepoint);
      String jobId = flink.runJar(jarId, JobJar.ENTRY_CLASSES.get(name), arguments(config), savepoint);
      out.println("  " + name + " running again as job " + jobId + ", from the savepoint");
    }
  }
}
