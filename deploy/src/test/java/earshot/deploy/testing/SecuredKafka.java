package earshot.deploy.testing;

import earshot.deploy.services.FileTrees;
import earshot.deploy.services.LocalKafka;
import earshot.deploy.services.LogTail;
import earshot.deploy.services.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * A single-node Kafka broker with security switched on, for integration tests: TLS with its own CA
 * and SASL/SCRAM-SHA-512 for clients, the StandardAuthorizer, and ACLs that give the jobs' user
 * exactly what Earshot needs under its topic, group and transactional-id prefixes.
 *
 * <p>Listeners, all on 127.0.0.1 free ports: {@code CLIENTS} (SASL_SSL, what Earshot is pointed at),
 * {@code INTERNAL} (PLAINTEXT, the broker's own and the test's admin; its anonymous principal is a
 * super user) and {@code CONTROLLER}. The CA and the broker certificate are made with the JDK's
 * keytool; the CA certificate is written as PEM for clients ({@link #caCertificate}), and a second,
 * unrelated CA ({@link #otherCaCertificate}) serves to show that an untrusted broker is refused.
 * The jobs' user is created when the log folder is formatted.
 */
public final class SecuredKafka implements AutoCloseable {

  public static final String USER = "earshot";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();

  private final Path distributions;
  private final Path dir;
  private final String password = "scram-" + UUID.randomUUID();
  /** Client (SASL_SSL), internal (admin) and controller listeners: three different ports. */
  private final int[] ports = Processes.freePorts(3);
  private final int clientPort = ports[0];
  private final int internalPort = ports[1];
  private final int controllerPort = ports[2];
  private Process broker;

  /**
   * @param distributions shared folder for downloaded service artifacts
   * @param dir this broker's own folder (certificates, configuration, data, log)
   */
  public SecuredKafka(Path distributions, Path dir) {
    this.distributions = distributions;
    this.dir = dir;
  }

  /** A broker in a new folder of this test JVM's run folder, with the project's downloaded artifacts. */
  public static SecuredKafka forTests() throws IOException {
    Path home = RealServicesExtension.projectHome().resolve(".earshot");
    Path dir = home.resolve("test-runs").resolve("kafka-secured-" + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8));
    return new SecuredKafka(home.resolve("dist"), dir);
  }

  /** Makes the certificates, formats the log folder with the jobs' user, starts the broker and waits for it. */
  public SecuredKafka start() throws IOException {
    Files.createDirectories(dir);
    Path lib = LocalKafka.libraries(distributions);
    Path keystore = makeCertificates();
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path properties = dir.resolve("server.properties");
    Files.writeString(properties, serverProperties(data, keystore));
    LocalKafka.format(lib, properties, data, dir, log(), List.of("--add-scram",
        "SCRAM-SHA-512=[name=" + USER + ",password=" + password + "]"));
    broker = LocalKafka.launch(lib, properties, dir, log());
    if (!Processes.awaitReady(this::isHealthy, broker::isAlive, START_TIMEOUT)) {
      String tail = LogTail.of(log(), 60);
      close();
      throw new IOException("the secured Kafka broker did not become ready within " + START_TIMEOUT.toSeconds()
          + " s\n" + tail);
    }
    return this;
  }

  /**
   * Lets the jobs' user do what Earshot does and nothing more: on topics named with
   * {@code topicPrefix}, create them and change their settings and partitions (setup), describe,
   * read and write them; join and commit offsets for groups named with {@code groupPrefix}; run
   * transactions whose id starts with {@code topicPrefix} (the exactly-once sinks and
   * {@code identities load}); idempotent writes on the cluster.
   */
  public void allowEarshot(String topicPrefix, String groupPrefix) throws Exception {
    List<AclBinding> acls = new ArrayList<>();
    for (AclOperation operation : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
        AclOperation.CREATE, AclOperation.ALTER, AclOperation.ALTER_CONFIGS)) {
      acls.add(allow(ResourceType.TOPIC, topicPrefix, PatternType.PREFIXED, operation));
    }
    acls.add(allow(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED, AclOperation.READ));
    acls.add(allow(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED, AclOperation.DESCRIBE));
    acls.add(allow(ResourceType.TRANSACTIONAL_ID, topicPrefix, PatternType.PREFIXED, AclOperation.WRITE));
    acls.add(allow(ResourceType.TRANSACTIONAL_ID, topicPrefix, PatternType.PREFIXED, AclOperation.DESCRIBE));
    acls.add(allow(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE));
    try (Admin admin = admin()) {
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + USER, "*", operation, AclPermissionType.ALLOW));
  }

  /** An admin client on the internal listener, with every right; for the test's own set-up and checks. */
  public Admin admin() {
    return Admin.create(adminProperties());
  }

  /** Client properties of the internal (unsecured, super-user) listener. */
  public Properties adminProperties() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, adminBootstrap());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return config;
  }

  /** The SASL_SSL listener, for Earshot. */
  public String bootstrap() {
    return "127.0.0.1:" + clientPort;
  }

  /** The internal PLAINTEXT listener, for the test's admin only. */
  public String adminBootstrap() {
    return "127.0.0.1:" + internalPort;
  }

  public String password() {
    return password;
  }

  /** PEM file with the certificate of the CA that signed the broker's certificate. */
  public Path caCertificate() {
    return dir.resolve("ca.pem");
  }

  /** PEM file with the certificate of another CA, which did not sign the broker's certificate. */
  public Path otherCaCertificate() {
    return dir.resolve("other-ca.pem");
  }

  /** A SCRAM login for Kafka's {@code sasl.jaas.config}. */
  public static String jaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
        + "\" password=\"" + password + "\";";
  }

  /**
   * Earshot's Kafka settings (by their keys) for reaching this broker as the jobs' user with the
   * given password and trusted CA file.
   */
  public Map<String, String> settings(String userPassword, Path trustedCa) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("kafka.bootstrap-servers", bootstrap());
    settings.put("kafka.security-protocol", "SASL_SSL");
    settings.put("kafka.sasl-mechanism", "SCRAM-SHA-512");
    settings.put("kafka.sasl-jaas-config", jaasConfig(USER, userPassword));
    settings.put("kafka.ssl-truststore", trustedCa.toAbsolutePath().toString());
    return settings;
  }

  /** {@link #settings(String, Path)} with the right password and CA. */
  public Map<String, String> settings() {
    return settings(password, caCertificate());
  }

  public Path log() {
    return dir.resolve("kafka.log");
  }

  private boolean isHealthy() {
    if (!Processes.listening(clientPort) || !Processes.listening(internalPort)) {
      return false;
    }
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** Stops the broker and removes its folder. */
  @Override
  public void close() {
    if (broker != null) {
      Processes.terminate(broker.toHandle(), Duration.ofSeconds(30));
      broker = null;
    }
    FileTrees.deleteQuietly(dir);
  }

  /** Two CAs, a broker key pair signed by the first, in a PKCS12 keystore; the CAs' certificates as PEM. */
  private Path makeCertificates() throws IOException {
    Path ca = dir.resolve("ca.p12");
    Path other = dir.resolve("other-ca.p12");
    Path keystore = dir.resolve("broker.p12");
    Path request = dir.resolve("broker.csr");
    Path signed = dir.resolve("broker.pem");
    String san = "SAN=ip:127.0.0.1,dns:localhost";
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Earshot test CA",
        "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", ca.toString());
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caCertificate().toString());
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Some other CA",
        "-ext", "bc:c", "-validity", "30", "-storetype", "PKCS12", "-keystore", other.toString());
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", other.toString(), "-file",
        otherCaCertificate().toString());
    keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
        "-ext", san, "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString());
    keytool("-certreq", "-alias", "broker", "-keystore", keystore.toString(), "-file", request.toString());
    keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", request.toString(), "-outfile",
        signed.toString(), "-rfc", "-validity", "30", "-ext", san, "-ext", "ku:c=digitalSignature,keyEncipherment",
        "-ext", "eku=serverAuth");
    // The chain is imported CA first, so keytool can link the signed certificate to it.
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", keystore.toString(), "-file",
        caCertificate().toString());
    keytool("-importcert", "-alias", "broker", "-keystore", keystore.toString(), "-file", signed.toString());
    return keystore;
  }

  private void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storepass", STORE_PASSWORD));
    if (List.of(arguments).contains("-genkeypair")) {
      command.addAll(List.of("-keypass", STORE_PASSWORD));
    }
    Path output = dir.resolve("keytool.log");
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool " + arguments[0] + " failed\n" + LogTail.of(output, 20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  private String serverProperties(Path data, Path keystore) {
    List<String> lines = new ArrayList<>(List.of(
        "# A single-node KRaft broker with TLS, SASL/SCRAM and ACLs, for tests.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=CLIENTS://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort
            + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=CLIENTS://127.0.0.1:" + clientPort + ",INTERNAL://127.0.0.1:" + internalPort,
        "inter.broker.listener.name=INTERNAL",
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=CLIENTS:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "listener.name.clients.sasl.enabled.mechanisms=SCRAM-SHA-512",
        "listener.name.clients.scram-sha-512.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "listener.name.clients.ssl.keystore.type=PKCS12",
        "listener.name.clients.ssl.keystore.location=" + keystore.toAbsolutePath(),
        "listener.name.clients.ssl.keystore.password=" + STORE_PASSWORD,
        "listener.name.clients.ssl.key.password=" + STORE_PASSWORD,
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        // The internal and controller listeners authenticate nobody: their principal is ANONYMOUS,
        // which must be a super user for the broker to talk to itself; they listen on 127.0.0.1 only.
        "super.users=User:ANONYMOUS",
        "allow.everyone.if.no.acl.found=false"));
    lines.addAll(LocalKafka.singleNodeSettings(data));
    return String.join("\n", lines);
  }
}
