package earshot.deploy.services;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A real service (Kafka, Elasticsearch, a Flink cluster) run as a separate local process on
 * 127.0.0.1, with its data, configuration, pid file and log under one folder.
 */
public interface LocalService {

  /** Short name for messages, such as "kafka". */
  String name();

  /** Starts the service and waits until it answers; does nothing when it already runs. */
  void start() throws IOException;

  /** Stops the service and waits for it to exit; does nothing when it is not running. */
  void stop() throws IOException;

  /** Whether the service's process is alive (it may still be starting). */
  boolean isRunning();

  /** Whether the service answers requests. */
  boolean isHealthy();

  /** How clients reach it: a bootstrap list or a URL. */
  String endpoint();

  /** Its log file. */
  Path log();

  /** The service's running process, when it runs here as one (for measuring its CPU time). */
  default java.util.Optional<ProcessHandle> process() {
    return java.util.Optional.empty();
  }

  /** Lines worth telling whoever starts it (such as where its data is when not where asked). */
  default java.util.List<String> notes() {
    return java.util.List.of();
  }
}
