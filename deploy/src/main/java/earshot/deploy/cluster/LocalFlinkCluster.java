package earshot.deploy.cluster;

import earshot.deploy.services.LocalService;
import earshot.deploy.services.LogTail;
import earshot.deploy.services.MavenArtifacts;
import earshot.deploy.services.Processes;
import earshot.deploy.services.ServiceVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Flink session cluster on 127.0.0.1, run as two separate processes (a JobManager
 * with the web UI and REST API, and one TaskManager) from Flink's own jars on Maven Central, since
 * the binary distribution is not published there. It does what the distribution's shell scripts
 * would: computes the memory settings with Flink's {@code BashJavaUtils}, opens the JDK packages
 * Flink needs on Java 17, and appends each process's output to its log.
 *
 * <p>The configuration it writes: checkpoints and savepoints under the cluster's folder, the
 * Prometheus reporter on {@link #jobManagerMetricsPort}/{@link #taskManagerMetricsPort}, Avro
 * allowed to instantiate Earshot's record classes ({@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}),
 * and enough task slots for both jobs.
 */
public final class LocalFlinkCluster implements LocalService {

  /** Flink's artifacts for a session cluster: runtime, web UI, state backends, metrics, logging. */
  static List<String> artifacts(String flinkVersion) {
    return List.of(
        "org.apache.flink:flink-runtime:" + flinkVersion,
        "org.apache.flink:flink-runtime-web:" + flinkVersion,
        "org.apache.flink:flink-clients:" + flinkVersion,
        "org.apache.flink:flink-streaming-java:" + flinkVersion,
        "org.apache.flink:flink-statebackend-rocksdb:" + flinkVersion,
        "org.apache.flink:flink-metrics-prometheus:" + flinkVersion,
        "org.apache.logging.log4j:log4j-slf4j-impl:2.24.3",
        "org.apache.logging.log4j:log4j-core:2.24.3",
        "org.apache.logging.log4j:log4j-api:2.24.3");
  }

  /**
   * The {@code --add-opens}/{@code --add-exports} list Flink's distribution sets in
   * {@code env.java.opts.all} for Java 17; without {@code java.util} opened, job submission fails.
   */
  static final List<String> JAVA_17_OPENS = List.of(
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /** Trusted packages for Avro's specific-record reader (see {@code earshot.schemas.AvroTrust}). */
  static final String AVRO_TRUST = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=earshot.schemas";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** Where the cluster listens; every port on 127.0.0.1. */
  public record Ports(int rest, int jobManagerRpc, int blob, int taskManagerRpc, int taskManagerData,
      int jobManagerMetrics, int taskManagerMetrics) {

    /** Port 0: the process binds whatever port the system gives it, for a port nobody needs to know in advance. */
    static final int ANY = 0;

    /**
     * Ports that were free a moment ago for what clients must find (REST, JobManager RPC, metrics);
     * the blob server and the TaskManager's RPC and data ports bind any port, leaving fewer ports
     * another process can take between this choice and the bind.
     */
    public static Ports free() {
      int[] ports = Processes.freePorts(4);
      return new Ports(ports[0], ports[1], ANY, ANY, ANY, ports[2], ports[3]);
    }

    /** REST and web UI on {@code rest} and the other ports just above it; Prometheus on {@code metrics} and the next. */
    public static Ports from(int rest, int metrics) {
      return new Ports(rest, rest + 1, rest + 2, rest + 3, rest + 4, metrics, metrics + 1);
    }
  }

  private final Path distributions;
  private final Path dir;
  private final Ports ports;
  private final int slots;
  private final String taskManagerMemory;

  /**
   * @param distributions shared folder for downloaded service artifacts
   * @param dir the cluster's own folder: configuration, logs, pid files, checkpoints, savepoints
   * @param slots task slots of the TaskManager
   * @param taskManagerMemory total process memory of the TaskManager, such as {@code 3g}
   */
  public LocalFlinkCluster(Path distributions, Path dir, Ports ports, int slots, String taskManagerMemory) {
    this.distributions = distributions;
    this.dir = dir.toAbsolutePath();
    this.ports = ports;
    this.slots = slots;
    this.taskManagerMemory = taskManagerMemory;
  }

  @Override
  public String name() {
    return "flink";
  }

  /** The REST API and web UI. */
  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + ports.rest();
  }

  /** Prometheus endpoints of the JobManager and the TaskManager. */
  public List<String> metricsEndpoints() {
    return List.of("http://127.0.0.1:" + ports.jobManagerMetrics() + "/metrics",
        "http://127.0.0.1:" + ports.taskManagerMetrics() + "/metrics");
  }

  @Override
  public Path log() {
    return dir.resolve("log/jobmanager.log");
  }

  public Path taskManagerLog() {
    return dir.resolve("log/taskmanager.log");
  }

  private Path jobManagerPid() {
    return dir.resolve("jobmanager.pid");
  }

  private Path taskManagerPid() {
    return dir.resolve("taskmanager.pid");
  }

  @Override
  public boolean isRunning() {
    return Processes.alive(jobManagerPid()).isPresent() || Processes.alive(taskManagerPid()).isPresent();
  }

  /** Whether the REST API answers and a TaskManager has registered. */
  @Override
  public boolean isHealthy() {
    if (!Processes.listening(ports.rest())) {
      return false;
    }
    try {
      return new FlinkRestClient(endpoint()).overview().path("taskmanagers").asInt() >= 1;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void start() throws IOException {
    if (isRunning()) {
      if (!isHealthy() && !Processes.awaitReady(this::isHealthy, this::isRunning, START_TIMEOUT)) {
        throw new IOException("the Flink cluster in " + dir + " runs but does not answer at " + endpoint()
            + "; stop it with './earshot cluster stop'");
      }
      return;
    }
    for (int port : List.of(ports.rest(), ports.jobManagerRpc(), ports.blob(), ports.taskManagerRpc(),
        ports.taskManagerData(), ports.jobManagerMetrics(), ports.taskManagerMetrics())) {
      if (port != Ports.ANY) {
        Processes.requireFree(port, "the Flink cluster", "EARSHOT_FLINK_PORT");
      }
    }
    String version = ServiceVersions.flink();
    Path lib = MavenArtifacts.resolve(distributions.resolve("flink-" + version), artifacts(version), true);
    Path conf = dir.resolve("conf");
    for (String folder : List.of("conf", "log", "tmp", "checkpoints", "savepoints", "uploads")) {
      Files.createDirectories(dir.resolve(folder));
    }
    Files.writeString(conf.resolve("config.yaml"), configuration());
    Files.writeString(conf.resolve("log4j.properties"), LOG4J);
    String classpath = lib + "/*";

    List<String> jobManagerMemory = resourceParams(classpath, conf, "GET_JM_RESOURCE_PARAMS");
    Process jobManager = launch(classpath, jobManagerMemory, "jobmanager", ports.jobManagerMetrics(),
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
    Processes.writePid(jobManagerPid(), jobManager.pid());
    List<String> taskManagerMemoryParams = resourceParams(classpath, conf, "GET_TM_RESOURCE_PARAMS");
    Process taskManager = launch(classpath, taskManagerMemoryParams, "taskmanager", ports.taskManagerMetrics(),
        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    Processes.writePid(taskManagerPid(), taskManager.pid());

    if (!Processes.awaitReady(this::isHealthy, () -> jobManager.isAlive() && taskManager.isAlive(), START_TIMEOUT)) {
      String why = exited("JobManager", jobManager) + exited("TaskManager", taskManager);
      String tail = LogTail.of(log(), 30) + "\n" + LogTail.of(taskManagerLog(), 30) + "\n"
          + LogTail.of(dir.resolve("log/jobmanager.out"), 10) + "\n" + LogTail.of(dir.resolve("log/taskmanager.out"), 10);
      stop();
      throw new IOException("the Flink cluster did not become ready at " + endpoint()
          + (why.isEmpty() ? " within " + START_TIMEOUT.toSeconds() + " s" : ":" + why) + "\n" + tail);
    }
  }

  /** " the JobManager exited with code 1" if that process has ended, else empty. */
  private static String exited(String role, Process process) {
    return process.isAlive() ? "" : " the " + role + " exited with code " + process.exitValue();
  }

  /**
   * Kills the TaskManager process at once (SIGKILL), as a machine or JVM crash would: no shutdown
   * hook runs, nothing is flushed. Returns when the process is gone.
   */
  public void killTaskManager() {
    Processes.alive(taskManagerPid()).ifPresent(process -> {
      process.destroyForcibly();
      process.onExit().join();
    });
  }

  /**
   * Starts a new TaskManager (after {@link #killTaskManager}), as a supervisor replacing a crashed
   * one would; returns when it has registered with the ResourceManager.
   *
   * <p>The new process listens on fresh RPC and data ports. Reusing the crashed process's address
   * does not work: the JobManager's actor system keeps the old incarnation's association to that
   * address quarantined, discards every message from the new process as "read-only association",
   * and the jobs wait for slots that never register (a Kubernetes pod replacing a dead one gets a
   * new address for the same reason).
   */
  public void startTaskManager() throws IOException {
    if (Processes.alive(taskManagerPid()).isPresent()) {
      return;
    }
    Set<String> registered = taskManagerIds();
    String classpath = MavenArtifacts.resolve(distributions.resolve("flink-" + ServiceVersions.flink()),
        artifacts(ServiceVersions.flink()), true) + "/*";
    Path conf = dir.resolve("conf");
    Process taskManager = launch(classpath, resourceParams(classpath, conf, "GET_TM_RESOURCE_PARAMS"), "taskmanager",
        ports.taskManagerMetrics(), "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        List.of("taskmanager.rpc.port=" + Ports.ANY, "taskmanager.data.port=" + Ports.ANY));
    Processes.writePid(taskManagerPid(), taskManager.pid());
    // The crashed TaskManager stays listed until its heartbeat times out: wait for a new id.
    if (!Processes.awaitReady(() -> !registered.containsAll(taskManagerIds()), taskManager::isAlive, START_TIMEOUT)) {
      throw new IOException("the TaskManager did not register again within " + START_TIMEOUT.toSeconds() + " s\n"
          + LogTail.of(taskManagerLog(), 30));
    }
  }

  @Override
  public void stop() {
    Processes.alive(taskManagerPid()).ifPresent(p -> Processes.terminate(p, Duration.ofSeconds(30)));
    Processes.alive(jobManagerPid()).ifPresent(p -> Processes.terminate(p, Duration.ofSeconds(30)));
    try {
      Files.deleteIfExists(taskManagerPid());
      Files.deleteIfExists(jobManagerPid());
    } catch (IOException ignored) {
      // a stale pid file is ignored by isRunning
    }
  }

  /** The resource ids of the TaskManagers the ResourceManager lists (empty if it does not answer). */
  private Set<String> taskManagerIds() {
    try {
      Set<String> ids = new HashSet<>();
      new FlinkRestClient(endpoint()).taskManagers().path("taskmanagers")
          .forEach(taskManager -> ids.add(taskManager.path("id").asText()));
      return ids;
    } catch (IOException e) {
      return Set.of();
    }
  }

  private Process launch(String classpath, List<String> memory, String role, int metricsPort, String mainClass)
      throws IOException {
    return launch(classpath, memory, role, metricsPort, mainClass, List.of());
  }

  /** One process of the cluster: JVM memory flags, the Java 17 opens, then the entry point and its dynamic properties. */
  private Process launch(String classpath, List<String> memory, String role, int metricsPort, String mainClass,
      List<String> dynamicProperties) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(memory.get(0).strip().split("\\s+")));
    command.addAll(JAVA_17_OPENS);
    command.add(AVRO_TRUST);
    command.add("-Dlog.file=" + dir.resolve("log/" + role + ".log"));
    command.add("-Dlog4j.configurationFile=file:" + dir.resolve("conf/log4j.properties"));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(dir.resolve("conf").toString());
    if (memory.size() > 1 && !memory.get(1).isBlank()) {
      command.addAll(Arrays.asList(memory.get(1).strip().split("\\s+")));
    }
    command.add("-D");
    command.add("metrics.reporter.prom.port=" + metricsPort);
    for (String property : dynamicProperties) {
      command.add("-D");
      command.add(property);
    }
    return Processes.launch(command, Map.of("FLINK_CONF_DIR", dir.resolve("conf").toString()), dir,
        dir.resolve("log/" + role + ".out"));
  }

  /** Runs Flink's BashJavaUtils, which the distribution's scripts use to turn memory settings into flags. */
  private List<String> resourceParams(String classpath, Path conf, String which) throws IOException {
    Path output = dir.resolve("log/" + which.toLowerCase(java.util.Locale.ROOT) + ".txt");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils", which, "--configDir", conf.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    try {
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("Flink's BashJavaUtils " + which + " failed:\n" + LogTail.of(output, 20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted computing Flink's memory settings", e);
    }
    List<String> results = Files.readAllLines(output).stream()
        .filter(line -> line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
        .map(line -> line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
        .toList();
    if (results.isEmpty()) {
      throw new IOException("Flink's BashJavaUtils " + which + " printed no result:\n" + LogTail.of(output, 20));
    }
    return results;
  }

  /** Flink 2's config.yaml for this cluster. */
  String configuration() {
    String opens = String.join(" ", JAVA_17_OPENS) + " " + AVRO_TRUST;
    return String.join("\n",
        "# Written by Earshot at each start of the local session cluster.",
        "jobmanager:",
        "  rpc:",
        "    address: 127.0.0.1",
        "    port: " + ports.jobManagerRpc(),
        "  bind-host: 127.0.0.1",
        "  memory:",
        "    process:",
        "      size: 1024m",
        "taskmanager:",
        "  bind-host: 127.0.0.1",
        "  host: 127.0.0.1",
        "  rpc:",
        "    port: " + ports.taskManagerRpc(),
        "  data:",
        "    port: " + ports.taskManagerData(),
        "  numberOfTaskSlots: " + slots,
        "  memory:",
        "    process:",
        "      size: " + taskManagerMemory,
        "    managed:",
        "      fraction: 0.15",
        "rest:",
        "  address: 127.0.0.1",
        "  bind-address: 127.0.0.1",
        "  port: " + ports.rest(),
        "blob:",
        "  server:",
        "    port: " + ports.blob(),
        "web:",
        "  upload:",
        "    dir: " + dir.resolve("uploads"),
        "io:",
        "  tmp:",
        "    dirs: " + dir.resolve("tmp"),
        "parallelism:",
        "  default: 1",
        "execution:",
        "  checkpointing:",
        "    dir: " + dir.resolve("checkpoints").toUri(),
        "    savepoint-dir: " + dir.resolve("savepoints").toUri(),
        "env:",
        "  java:",
        "    opts:",
        "      all: " + opens,
        "metrics:",
        "  reporters: prom",
        "  reporter:",
        "    prom:",
        "      factory:",
        "        class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        "      port: " + ports.jobManagerMetrics(),
        "");
  }

  private static final String LOG4J = String.join("\n",
      "# Written by Earshot: each process logs to its own file, appending so a crash's cause survives.",
      "rootLogger.level = INFO",
      "rootLogger.appenderRef.file.ref = MainAppender",
      "appender.main.name = MainAppender",
      "appender.main.type = File",
      "appender.main.append = true",
      "appender.main.fileName = ${sys:log.file}",
      "appender.main.layout.type = PatternLayout",
      "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
      "logger.kafka.name = org.apache.kafka",
      "logger.kafka.level = WARN",
      "logger.netty.name = org.apache.flink.shaded.netty4.io.netty.channel.DefaultChannelPipeline",
      "logger.netty.level = ERROR",
      "");
}
