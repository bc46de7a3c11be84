package earshot.deploy.services;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A single-node Elasticsearch on 127.0.0.1, run from the integration-test distribution that
 * Maven Central serves, on the JDK that runs Earshot. Elasticsearch refuses to run as root; when
 * Earshot runs as root (as CI does) the node runs as the unprivileged system user
 * {@value #SERVICE_USER}, created on first use, which owns the node's folder.
 *
 * <p>A node made with {@link #secured} has security switched on as in production: TLS on HTTP
 * and transport with certificates from a CA of its own (made on first start with the
 * distribution's {@code elasticsearch-certutil}; {@link #caCertificate()} is the CA's PEM file),
 * a superuser and a least-privilege writer in its file realm ({@link #superuser()},
 * {@link #writer()}, passwords generated on first start and kept in the node's folder), and API
 * keys enabled.
 */
public final class LocalElasticsearch extends ProcessService {

  static final String SERVICE_USER = "earshot";
  // A restart over existing indices stays red while it recovers their shards: on a loaded 2-core
  // machine that alone took more than a minute after the node had started.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
  /** Files of the node's configuration folder made for the node, kept across restarts. */
  private static final Set<String> KEPT_CONFIG = Set.of("users", "users_roles", "roles.yml", "elasticsearch.keystore");

  /** A user of a secured node's file realm. */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[" + username + "]";
    }
  }

  /** The role of {@link #writer()}: enough to create Earshot's indices and write documents into them. */
  public static final String WRITER_ROLE = "earshot_writer";

  private final Path distributions;
  private final int port;
  private final int transportPort;
  private final boolean secured;
  private volatile HttpClient http;

  private final String note;

  public LocalElasticsearch(Path distributions, Path dir, int port, int transportPort) {
    this(Placement.of(distributions, dir, runsAsRoot(), FALLBACK_BASE), port, transportPort, false);
  }

  private LocalElasticsearch(Placement placement, int port, int transportPort, boolean secured) {
    super(placement.dir());
    this.distributions = placement.distributions();
    this.note = placement.note();
    this.port = port;
    this.transportPort = transportPort;
    this.secured = secured;
  }

  /** A node with TLS, authentication and API keys switched on. */
  public static LocalElasticsearch secured(Path distributions, Path dir, int port, int transportPort) {
    return new LocalElasticsearch(Placement.of(distributions, dir, runsAsRoot(), FALLBACK_BASE), port, transportPort,
        true);
  }

  /** Where folders go that the service user could not reach where they were asked for. */
  static final Path FALLBACK_BASE = Path.of("/var/tmp");

  /**
   * Where the node keeps its distribution and its data. Run as root, the node runs as
   * {@value #SERVICE_USER}, which must be able to enter every parent folder; a project in a home
   * folder of mode 700 (as in most containers) denies that. Then each folder it cannot reach is
   * replaced by {@code <base>/earshot-<hash of the folder asked for>}: the same project always gets
   * the same folder, so data and the unpacked distribution survive restarts, and the note says so.
   */
  record Placement(Path distributions, Path dir, String note) {

    static Placement of(Path distributions, Path dir, boolean root, Path base) {
      if (!root) {
        return new Placement(distributions, dir, null);
      }
      Path blockedDist = firstClosed(distributions);
      Path blockedDir = firstClosed(dir);
      if (blockedDist == null && blockedDir == null) {
        return new Placement(distributions, dir, null);
      }
      Path newDist = blockedDist == null ? distributions : base.resolve("earshot-dist-" + hash(distributions));
      Path newDir = blockedDir == null ? dir : base.resolve("earshot-" + hash(dir));
      String where = blockedDir == null ? newDist.toString()
          : blockedDist == null ? newDir.toString() : newDir + " and " + newDist;
      return new Placement(newDist, newDir, "Elasticsearch runs as the user '" + SERVICE_USER + "', which cannot enter "
          + (blockedDir != null ? blockedDir : blockedDist) + ": its folders are " + where
          + " instead (EARSHOT_DATA_DIR chooses another place)");
    }

    /** The first existing folder on the way to {@code folder} that others may not enter, or null. */
    static Path firstClosed(Path folder) {
      List<Path> chain = new ArrayList<>();
      for (Path p = folder.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
        chain.add(0, p);
      }
      for (Path p : chain) {
        try {
          if (Files.isDirectory(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
            return p;
          }
        } catch (IOException | UnsupportedOperationException e) {
          return null;
        }
      }
      return null;
    }

    private static String hash(Path folder) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256")
            .digest(folder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 6);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }

  private static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Where the folders asked for could not be used, one line saying where they are instead; otherwise empty. */
  @Override
  public List<String> notes() {
    return note == null ? List.of() : List.of(note);
  }

  public boolean isSecured() {
    return secured;
  }

  @Override
  public String name() {
    return "elasticsearch";
  }

  @Override
  public String endpoint() {
    return (secured ? "https" : "http") + "://127.0.0.1:" + port;
  }

  /** PEM file of the CA that signed a secured node's certificate. */
  public Path caCertificate() {
    requireSecured();
    return dir.resolve("config/certs/ca/ca.crt");
  }

  /** A superuser of a secured node, for provisioning and checks. */
  public Credentials superuser() throws IOException {
    requireSecured();
    return credentials().get(0);
  }

  /** A user of a secured node with only the {@value #WRITER_ROLE} role. */
  public Credentials writer() throws IOException {
    requireSecured();
    return credentials().get(1);
  }

  private void requireSecured() {
    if (!secured) {
      throw new IllegalStateException("this Elasticsearch node runs without security");
    }
  }




  @Override
  public boolean isHealthy() {
    if (!Processes.listening(port)) {
      return false;
    }
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint() + "/_cluster/health"))
          .timeout(Duration.ofSeconds(3));
      if (secured) {
        Credentials admin = superuser();
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (admin.username() + ":" + admin.password()).getBytes(StandardCharsets.UTF_8)));
      }
      HttpResponse<String> response = httpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpClient httpClient() throws IOException {
    HttpClient client = http;
    if (client == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
      if (secured) {
        builder.sslContext(PemTrust.sslContext(caCertificate(), "the local node's CA"));
      }
      client = builder.build();
      http = client;
    }
    return client;
  }

  @Override
  public void start() throws IOException {
    if (isRunning()) {
      return;
    }
    Processes.requireFree(port, "Elasticsearch", "EARSHOT_ES_PORT");
    Processes.requireFree(transportPort, "Elasticsearch's transport", "EARSHOT_ES_TRANSPORT_PORT");
    Path home = distribution();
    boolean root = runsAsRoot();
    if (root) {
      requireOwnFolder(dir);
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
        Path target = config.resolve(file.getFileName());
        boolean kept = KEPT_CONFIG.contains(file.getFileName().toString()) && Files.exists(target);
        if (Files.isRegularFile(file) && !kept) {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    if (secured) {
      secure(home, config);
    }
    Files.writeString(config.resolve("elasticsearch.yml"), settings(data, logs));
    Files.deleteIfExists(pidFile());

    Map<String, String> env = new HashMap<>();
    env.put("ES_JAVA_HOME", System.getProperty("java.home"));
    env.put("ES_PATH_CONF", config.toAbsolutePath().toString());
    env.put("ES_TMPDIR", tmp.toAbsolutePath().toString());
    env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");

    List<String> command = new ArrayList<>();
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
    List<String> lines = new ArrayList<>(List.of(
        "# Written by Earshot at each start: a single node on 127.0.0.1"
            + (secured ? ", with TLS and authentication." : ", no security."),
        "cluster.name: earshot-local",
        "node.name: earshot-local-node",
        "path.data: " + data.toAbsolutePath(),
        "path.logs: " + logs.toAbsolutePath(),
        "network.host: 127.0.0.1",
        "http.port: " + port,
        "transport.port: " + transportPort,
        "discovery.type: single-node",
        // A shared development disk is often fuller than the default watermarks allow.
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "action.destructive_requires_name: false"));
    if (secured) {
      lines.addAll(List.of(
          "xpack.security.enabled: true",
          "xpack.security.authc.api_key.enabled: true",
          "xpack.security.http.ssl.enabled: true",
          "xpack.security.http.ssl.key: certs/node/node.key",
          "xpack.security.http.ssl.certificate: certs/node/node.crt",
          "xpack.security.http.ssl.certificate_authorities: [ certs/ca/ca.crt ]",
          "xpack.security.transport.ssl.enabled: true",
          "xpack.security.transport.ssl.verification_mode: certificate",
          "xpack.security.transport.ssl.key: certs/node/node.key",
          "xpack.security.transport.ssl.certificate: certs/node/node.crt",
          "xpack.security.transport.ssl.certificate_authorities: [ certs/ca/ca.crt ]"));
    } else {
      lines.add("xpack.security.enabled: false");
    }
    lines.add("");
    return String.join("\n", lines);
  }

  /**
   * Makes, once, what a secured node needs in its configuration folder: a CA and a node
   * certificate for 127.0.0.1 and localhost, the writer role, and the two users.
   */
  private void secure(Path home, Path config) throws IOException {
    Path certs = config.resolve("certs");
    Map<String, String> env = Map.of("ES_JAVA_HOME", System.getProperty("java.home"),
        "ES_PATH_CONF", config.toAbsolutePath().toString());
    if (!Files.exists(certs.resolve("node/node.crt"))) {
      FileTrees.deleteQuietly(certs);
      Files.createDirectories(certs);
      Path caZip = dir.resolve("ca.zip");
      Path nodeZip = dir.resolve("node.zip");
      Files.deleteIfExists(caZip);
      Files.deleteIfExists(nodeZip);
      tool(home, env, List.of("elasticsearch-certutil", "ca", "--pem", "--silent", "--days", "3650",
          "--out", caZip.toAbsolutePath().toString()));
      unzip(caZip, certs);
      tool(home, env, List.of("elasticsearch-certutil", "cert", "--pem", "--silent", "--days", "3650",
          "--ca-cert", certs.resolve("ca/ca.crt").toAbsolutePath().toString(),
          "--ca-key", certs.resolve("ca/ca.key").toAbsolutePath().toString(),
          "--name", "node", "--ip", "127.0.0.1", "--dns", "localhost",
          "--out", nodeZip.toAbsolutePath().toString()));
      unzip(nodeZip, certs);
      Files.delete(caZip);
      Files.delete(nodeZip);
    }
    Files.writeString(config.resolve("roles.yml"), String.join("\n",
        "# Written by Earshot: what the jobs' Elasticsearch sink needs, nothing more.",
        WRITER_ROLE + ":",
        "  cluster: [ \"monitor\" ]",
        "  indices:",
        "    - names: [ \"*\" ]",
        "      privileges: [ \"create_index\", \"auto_configure\", \"write\", \"view_index_metadata\" ]",
        ""));
    String users = Files.exists(config.resolve("users")) ? Files.readString(config.resolve("users")) : "";
    List<Credentials> credentials = credentials();
    List<String> roles = List.of("superuser", WRITER_ROLE);
    for (int i = 0; i < credentials.size(); i++) {
      Credentials user = credentials.get(i);
      if (!users.contains(user.username() + ":")) {
        tool(home, env, List.of("elasticsearch-users", "useradd", user.username(), "-p", user.password(),
            "-r", roles.get(i)));
      }
    }
  }

  /** The superuser and the writer, with passwords made on first use and kept in the node's folder. */
  private List<Credentials> credentials() throws IOException {
    Path file = dir.resolve("credentials.properties");
    Properties properties = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file)) {
        properties.load(in);
      }
    } else {
      properties.setProperty("superuser.name", "earshot-admin");
      properties.setProperty("superuser.password", randomPassword());
      properties.setProperty("writer.name", "earshot-writer");
      properties.setProperty("writer.password", randomPassword());
      Files.createDirectories(dir);
      Files.writeString(file, "");
      restrictToOwner(file);
      try (var out = Files.newBufferedWriter(file)) {
        properties.store(out, "Users of the local secured Elasticsearch node");
      }
    }
    return List.of(
        new Credentials(properties.getProperty("superuser.name"), properties.getProperty("superuser.password")),
        new Credentials(properties.getProperty("writer.name"), properties.getProperty("writer.password")));
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: the folder's own permissions protect it.
    }
  }

  /** Runs one of the distribution's command-line tools, failing with its output. */
  private void tool(Path home, Map<String, String> env, List<String> command) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.set(0, home.resolve("bin").resolve(command.get(0)).toString());
    Path log = dir.resolve("tools.log");
    ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within 3 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IOException(command.get(0) + " " + command.get(1) + " failed (exit " + process.exitValue() + ")\n"
            + LogTail.of(log, 20));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running " + command.get(0), e);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        Path file = target.resolve(entry.getName()).normalize();
        if (!file.startsWith(target)) {
          throw new IOException("refusing zip entry outside the target folder: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(file);
        } else {
          Files.createDirectories(file.getParent());
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
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

  /**
   * A folder in the shared fallback place must not be a link or someone else's: the node's folder
   * is handed to the service user recursively, as root.
   */
  private static void requireOwnFolder(Path folder) throws IOException {
    if (!folder.startsWith(FALLBACK_BASE) || !Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    String owner = Files.getOwner(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
    if (Files.isSymbolicLink(folder) || !Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        || !(owner.equals("root") || owner.equals(SERVICE_USER))) {
      throw new IOException(folder + " is not a folder of root or '" + SERVICE_USER + "' (owner " + owner
          + "); remove it, or set EARSHOT_DATA_DIR to a folder others can enter");
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
