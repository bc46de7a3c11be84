package earshot.deploy.services;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A single-node Elasticsearch on 127.0.0.1, run from the integration-test distribution that
 * Maven Central serves, on the JDK that runs Earshot. Elasticsearch refuses to run as root; when
 * Earshot runs as root (as CI does) the node runs as the unprivileged system user
 * {@value #SERVICE_USER}, created on first use, which owns the node's folder.
 */
public final class LocalElasticsearch implements LocalService {

  static final String SERVICE_USER = "earshot";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private final Path distributions;
  private final Path dir;
  private final int port;
  private final int transportPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public LocalElasticsearch(Path distributions, Path dir, int port, int transportPort) {
    this.distributions = distributions;
    this.dir = dir;
    this.port = port;
    this.transportPort = transportPort;
  }

  @Override
  public String name() {
    return "elasticsearch";
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public Path log() {
    return dir.resolve("elasticsearch.log");
  }

  private Path pidFile() {
    return dir.resolve("elasticsearch.pid");
  }

  @Override
  public boolean isRunning() {
    return Processes.alive(pidFile()).isPresent();
  }

  @Override
  public boolean isHealthy() {
    if (!Processes.listening(port)) {
      return false;
    }
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(endpoint() + "/_cluster/health")).timeout(Duration.ofSeconds(3)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void start() throws IOException {
    if (isRunning()) {
      return;
    }
    Processes.requireFree(port, "Elasticsearch", "EARSHOT_ES_PORT");
    Processes.requireFree(transportPort, "Elasticsearch's transport", "EARSHOT_ES_TRANSPORT_PORT");
    Path home = distribution();
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      requireTraversable(home);
      requireTraversable(dir);
    }

    Path config = dir.resolve("config");
    Path data = dir.resolve("data");
    Path logs = dir.resolve("logs");
    Path tmp = dir.resolve("tmp");
    for (Path folder : List.of(config, data, logs, tmp)) {
      Files.createDirectories(folder);
    }
    try (var files = Files.list(home.resolve("config"))) {
      for (Path file : files.toList()) {
        if (Files.isRegularFile(file)) {
          Files.copy(file, config.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Files.writeString(config.resolve("elasticsearch.yml"), settings(data, logs));
    Files.deleteIfExists(pidFile());

    Map<String, String> env = new HashMap<>();
    env.put("ES_JAVA_HOME", System.getProperty("java.home"));
    env.put("ES_PATH_CONF", config.toAbsolutePath().toString());
    env.put("ES_TMPDIR", tmp.toAbsolutePath().toString());
    env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");

    List<String> command = new java.util.ArrayList<>();
    if (root) {
      ensureServiceUser();
      chown(dir);
      command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
    }
    command.addAll(List.of(home.resolve("bin/elasticsearch").toString(), "-p", pidFile().toString()));
    Process launcher = Processes.launch(command, env, dir, log());
    // The node writes its own pid file once its JVM runs; until then the launcher stands for it.
    Processes.writePid(dir.resolve("launcher.pid"), launcher.pid());
    if (!Processes.awaitReady(this::isHealthy, launcher::isAlive, START_TIMEOUT)) {
      String tail = LogTail.of(log(), 40);
      Processes.terminate(launcher.toHandle(), Duration.ofSeconds(20));
      stop();
      throw new IOException("Elasticsearch did not become ready on " + endpoint() + " within "
          + START_TIMEOUT.toSeconds() + " s\n" + tail);
    }
  }

  @Override
  public void stop() {
    Processes.alive(pidFile()).ifPresent(p -> Processes.terminate(p, Duration.ofSeconds(60)));
    Processes.alive(dir.resolve("launcher.pid")).ifPresent(p -> Processes.terminate(p, Duration.ofSeconds(20)));
  }

  private String settings(Path data, Path logs) {
    return String.join("\n",
        "# Written by Earshot at each start: a single node on 127.0.0.1, no security.",
        "cluster.name: earshot-local",
        "node.name: earshot-local-node",
        "path.data: " + data.toAbsolutePath(),
        "path.logs: " + logs.toAbsolutePath(),
        "network.host: 127.0.0.1",
        "http.port: " + port,
        "transport.port: " + transportPort,
        "discovery.type: single-node",
        "xpack.security.enabled: false",
        // A shared development disk is often fuller than the default watermarks allow.
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "action.destructive_requires_name: false",
        "");
  }

  /** Unpacks the distribution zip once; later starts reuse it. */
  private Path distribution() throws IOException {
    String version = ServiceVersions.elasticsearch();
    Path home = distributions.resolve("elasticsearch-" + version);
    if (Files.exists(home.resolve(".complete"))) {
      return home;
    }
    Path zips = MavenArtifacts.resolve(distributions.resolve("elasticsearch-" + version + "-zip"),
        List.of("org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + version + ":zip"), false);
    Path zip = zips.resolve("elasticsearch-" + version + ".zip");
    String prefix = "elasticsearch-" + version + "/";
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName().startsWith(prefix) ? entry.getName().substring(prefix.length()) : entry.getName();
        Path target = home.resolve(name).normalize();
        if (!target.startsWith(home)) {
          throw new IOException("refusing zip entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          copy(in, target);
          if (name.startsWith("bin/")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
            perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(target, perms);
          }
        }
      }
    }
    Files.writeString(home.resolve(".complete"), version + "\n");
    return home;
  }

  private static void copy(InputStream in, Path target) throws IOException {
    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void ensureServiceUser() throws IOException {
    if (run(List.of("id", "-u", SERVICE_USER)) == 0) {
      return;
    }
    int exit = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER));
    if (exit != 0 && run(List.of("id", "-u", SERVICE_USER)) != 0) {
      throw new IOException("Elasticsearch refuses to run as root, and creating the user '" + SERVICE_USER
          + "' to run it failed (useradd exit " + exit + "); run Earshot as a normal user instead");
    }
  }

  private static void chown(Path folder) throws IOException {
    int exit = run(List.of("chown", "-R", SERVICE_USER + ":", folder.toString()));
    if (exit != 0) {
      throw new IOException("cannot hand " + folder + " to the user '" + SERVICE_USER + "' (chown exit " + exit + ")");
    }
  }

  /** The service user must be able to reach the folder through every parent. */
  private static void requireTraversable(Path folder) throws IOException {
    for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p) && Files.isDirectory(p)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IOException("Elasticsearch runs as the user '" + SERVICE_USER + "', which cannot enter " + p
              + " (no search permission for others). Put the project in a folder others can enter,"
              + " or set EARSHOT_DATA_DIR to one.");
        }
      }
    }
  }

  private static int run(List<String> command) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command, e);
    }
  }
}
