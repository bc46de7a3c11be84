package earshot.deploy.testing;

import earshot.deploy.services.LocalServices;
import earshot.deploy.services.FileTrees;
import earshot.deploy.services.LocalElasticsearch;
import earshot.deploy.services.LocalService;
import earshot.deploy.services.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a real Kafka broker and a real Elasticsearch node, started once per test
 * JVM on free ports of 127.0.0.1 and stopped when the tests are done. Tests share them and keep
 * apart by using their own topic and index prefix ({@link TestServices#uniquePrefix}).
 *
 * <p>With {@code EARSHOT_KAFKA_BOOTSTRAP} and {@code EARSHOT_ES_URL} set, the tests use those
 * clusters instead and start nothing.
 */
public final class RealServicesExtension implements BeforeAllCallback, ParameterResolver {

  private static TestServices shared;
  private static LocalServices started;
  private static LocalElasticsearch secured;
  private static Path runDir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    services();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == TestServices.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    try {
      return services();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test services", e);
    }
  }

  /** The services of this JVM, started on first use. */
  public static synchronized TestServices services() throws IOException {
    if (shared != null) {
      return shared;
    }
    String kafka = System.getenv("EARSHOT_KAFKA_BOOTSTRAP");
    String es = System.getenv("EARSHOT_ES_URL");
    if (kafka != null && !kafka.isBlank() && es != null && !es.isBlank()) {
      shared = new TestServices(kafka.strip(), es.strip().replaceAll("/+$", ""));
      return shared;
    }
    started = LocalServices.isolated(distributions(), runDir());
    started.notes().forEach(note -> System.out.println("[earshot tests] " + note));
    long begin = System.nanoTime();
    started.start();
    LocalServices.Endpoints endpoints = started.endpoints();
    System.out.printf("[earshot tests] Kafka %s and Elasticsearch %s ready in %.1f s%n",
        endpoints.kafkaBootstrap(), endpoints.elasticsearchUrl(), (System.nanoTime() - begin) / 1e9);
    shared = new TestServices(endpoints.kafkaBootstrap(), endpoints.elasticsearchUrl());
    return shared;
  }

  /**
   * The Kafka broker ({@code "kafka"}) or Elasticsearch node ({@code "elasticsearch"}) this JVM
   * started, for tests that stop it and start it again: {@link LocalService#start} after
   * {@link LocalService#stop} brings it back on the same port with the same data folder, so
   * clients keep their address and the topics and indices their content. Empty when the tests use
   * external services (which they must not stop).
   */
  public static synchronized Optional<LocalService> localService(String name) throws IOException {
    services();
    if (started == null) {
      return Optional.empty();
    }
    return started.managed().stream().filter(service -> service.name().equals(name)).findFirst();
  }

  /**
   * A second Elasticsearch node of this JVM, with security switched on (TLS with its own CA,
   * basic authentication, API keys), started on first use. Tests may stop and start it (the
   * fault test does); each call makes sure it runs.
   */
  public static synchronized LocalElasticsearch securedElasticsearch() throws IOException {
    if (secured == null) {
      int[] ports = Processes.freePorts(2);
      secured = LocalElasticsearch.secured(distributions(), runDir().resolve("elasticsearch-secured"), ports[0],
          ports[1]);
      secured.notes().forEach(note -> System.out.println("[earshot tests] " + note));
    }
    if (!secured.isRunning()) {
      long begin = System.nanoTime();
      secured.start();
      System.out.printf("[earshot tests] secured Elasticsearch %s ready in %.1f s%n", secured.endpoint(),
          (System.nanoTime() - begin) / 1e9);
    }
    return secured;
  }

  /** Downloaded service artifacts, shared with the project's own services. */
  private static Path distributions() {
    return projectHome().resolve(".earshot").resolve("dist");
  }

  /** This JVM's folder for its services, removed when it exits. */
  private static synchronized Path runDir() throws IOException {
    if (runDir == null) {
      runDir = projectHome().resolve(".earshot").resolve("test-runs")
          .resolve(ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8));
      Files.createDirectories(runDir);
      Runtime.getRuntime().addShutdownHook(new Thread(RealServicesExtension::shutdown, "earshot-test-services-stop"));
    }
    return runDir;
  }

  private static synchronized void shutdown() {
    List<Path> folders = new ArrayList<>();
    if (secured != null) {
      secured.stop();
      folders.add(secured.log().getParent());
      secured = null;
    }
    if (started != null) {
      try {
        started.stop();
      } catch (IOException | RuntimeException e) {
        System.err.println("[earshot tests] stopping the test services failed: " + e);
      }
      started.managed().forEach(service -> folders.add(service.log().getParent()));
      started = null;
    }
    FileTrees.deleteQuietly(runDir);
    // a service whose folder had to move out of the project (see LocalElasticsearch.Placement)
    for (Path folder : folders) {
      if (!folder.startsWith(runDir)) {
        FileTrees.deleteQuietly(folder);
      }
    }
  }

  /** The project's root folder: the build sets {@code earshot.home}; otherwise the nearest parent with the launcher. */
  public static Path projectHome() {
    String configured = System.getProperty("earshot.home");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("earshot")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the project folder; set -Dearshot.home");
  }
}
