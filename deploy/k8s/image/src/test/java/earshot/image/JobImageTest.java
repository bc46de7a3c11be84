package earshot.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image, the build and the Kubernetes manifests agree, checked on the real files after the
 * build staged the image's jars: the manifests run the image (name and tag) this module declares,
 * for this release of the project; the Dockerfile starts from the official Flink image of the
 * build's Flink and Java versions; every file it copies is staged and every staged file is copied;
 * the staged Flink jars are the build's Flink version; the job jar lands where the manifests'
 * {@code jarURI} points and holds their entry classes (and no Flink runtime of its own); the
 * reporter and state backend the manifests configure are in the jars the image adds.
 *
 * <p>It runs in the package phase, after the staging (see this module's pom).
 */
class JobImageTest {

  private static final Path HOME = Path.of(required("earshot.home")).toAbsolutePath().normalize();
  private static final Path IMAGE_DIR = HOME.resolve("deploy/k8s/image");
  private static final Path K8S = HOME.resolve("deploy/k8s");
  private static final Path STAGING = Path.of(required("earshot.image.staging")).toAbsolutePath().normalize();
  private static final String FLINK_VERSION = required("earshot.flink.version");

  private static Dockerfile dockerfile;
  /** FlinkDeployment documents by file name. */
  private static Map<String, JsonNode> deployments;

  @BeforeAll
  static void read() throws IOException {
    dockerfile = Dockerfile.parse(Files.readString(IMAGE_DIR.resolve("Dockerfile"), StandardCharsets.UTF_8));
    deployments = new TreeMap<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> files;
    try (Stream<Path> list = Files.list(K8S)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
        for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
          if ("FlinkDeployment".equals(document.path("kind").asText())) {
            deployments.put(file.getFileName() + " " + document.path("metadata").path("name").asText(), document);
          }
        }
      }
    }
    assertThat(deployments).as("FlinkDeployments under deploy/k8s").isNotEmpty();
  }

  @Test
  void everyManifestRunsTheImageTheBuildDeclares() {
    String image = required("earshot.image.name") + ":" + required("earshot.image.tag");
    deployments.forEach((name, deployment) ->
        assertThat(deployment.path("spec").path("image").asText()).as(name + " spec.image").isEqualTo(image));
  }

  @Test
  void theImageTagIsThisRelease() {
    String release = required("earshot.project.version").replaceFirst("-SNAPSHOT$", "");
    assertThat(required("earshot.image.tag"))
        .as("image.tag in deploy/k8s/image/pom.xml against the project version")
        .isEqualTo(release);
  }

  @Test
  void theBaseImageIsOfficialFlinkOfTheBuildsFlinkAndJava() {
    assertThat(dockerfile.from()).isEqualTo("flink:" + FLINK_VERSION + "-java" + required("earshot.java.release"));
    // The operator picks its Flink client behaviour from flinkVersion: v<major>_<minor>.
    String[] parts = FLINK_VERSION.split("\\.");
    deployments.forEach((name, deployment) ->
        assertThat(deployment.path("spec").path("flinkVersion").asText()).as(name + " spec.flinkVersion")
            .isEqualTo("v" + parts[0] + "_" + parts[1]));
  }

  @Test
  void everyCopiedFileIsStagedAndEveryStagedFileIsCopied() throws IOException {
    assertThat(dockerfile.copies()).as("COPY instructions").isNotEmpty();
    Set<Path> copied = new java.util.HashSet<>();
    for (Copy copy : dockerfile.copies()) {
      Path source = IMAGE_DIR.resolve(copy.source()).normalize();
      assertThat(source).as("COPY source " + copy.source()).isRegularFile();
      assertThat(Files.size(source)).as("size of " + copy.source()).isPositive();
      assertThat(source.startsWith(STAGING)).as(copy.source() + " comes from the staging folder " + STAGING).isTrue();
      copied.add(source);
    }
    List<Path> staged;
    try (Stream<Path> walk = Files.walk(STAGING)) {
      staged = walk.filter(Files::isRegularFile).map(Path::normalize).sorted().toList();
    }
    assertThat(copied).as("files the Dockerfile copies").containsExactlyInAnyOrderElementsOf(staged);
  }

  @Test
  void theFlinkJarsTheImageAddsAreTheBuildsFlinkVersion() throws IOException {
    List<Copy> flinkJars = dockerfile.copies().stream()
        .filter(c -> c.fileName().startsWith("flink-")).toList();
    assertThat(flinkJars).extracting(Copy::fileName).containsExactlyInAnyOrder(
        "flink-statebackend-rocksdb-" + FLINK_VERSION + ".jar",
        "flink-metrics-prometheus-" + FLINK_VERSION + ".jar");
    for (Copy copy : flinkJars) {
      try (JarFile jar = new JarFile(IMAGE_DIR.resolve(copy.source()).toFile())) {
        Manifest manifest = jar.getManifest();
        assertThat(manifest.getMainAttributes().getValue("Implementation-Version"))
            .as("Implementation-Version of " + copy.source()).isEqualTo(FLINK_VERSION);
      }
    }
    assertThat(destinationOf("flink-statebackend-rocksdb-" + FLINK_VERSION + ".jar"))
        .as("the state backend goes on Flink's class path").isEqualTo("/opt/flink/lib/");
    assertThat(destinationOf("flink-metrics-prometheus-" + FLINK_VERSION + ".jar"))
        .as("a reporter is a plugin in its own folder").isEqualTo("/opt/flink/plugins/metrics-prometheus/");
  }

  @Test
  void theManifestsRunTheJarTheImageHoldsWithTheirEntryClasses() throws IOException {
    for (var entry : deployments.entrySet()) {
      JsonNode job = entry.getValue().path("spec").path("job");
      String jarUri = job.path("jarURI").asText();
      assertThat(jarUri).as(entry.getKey() + " jarURI").startsWith("local://");
      String inImage = jarUri.substring("local://".length());
      Copy copy = dockerfile.copies().stream().filter(c -> c.destinationFile().equals(inImage)).findFirst()
          .orElseThrow(() -> new AssertionError(entry.getKey() + ": no COPY puts a file at " + inImage
              + " (COPY destinations: " + dockerfile.copies().stream().map(Copy::destinationFile).toList() + ")"));
      try (JarFile jar = new JarFile(IMAGE_DIR.resolve(copy.source()).toFile())) {
        String entryClass = job.path("entryClass").asText();
        assertThat(entryClass).as(entry.getKey() + " entryClass").isNotBlank();
        ZipEntry classFile = jar.getEntry(entryClass.replace('.', '/') + ".class");
        assertThat(classFile).as(entryClass + " in " + copy.source()).isNotNull();
        byte[] bytes;
        try (InputStream in = jar.getInputStream(classFile)) {
          bytes = in.readAllBytes();
        }
        assertThat(ClassFile.hasPublicStaticMain(bytes)).as(entryClass + " has public static void main(String[])").isTrue();
        // Flink comes from the image; a second copy in the job jar would clash with it.
        assertThat(jar.getEntry("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"))
            .as("Flink's runtime inside the job jar").isNull();
      }
    }
  }

  @Test
  void theReporterAndStateBackendTheManifestsConfigureAreInTheImage() throws IOException {
    Path prometheus = IMAGE_DIR.resolve(copyOf("flink-metrics-prometheus-" + FLINK_VERSION + ".jar").source());
    Path rocksdb = IMAGE_DIR.resolve(copyOf("flink-statebackend-rocksdb-" + FLINK_VERSION + ".jar").source());
    for (var entry : deployments.entrySet()) {
      JsonNode flinkConfig = entry.getValue().path("spec").path("flinkConfiguration");
      String reporters = flinkConfig.path("metrics.reporters").asText();
      assertThat(reporters).as(entry.getKey() + " metrics.reporters").isNotBlank();
      for (String reporter : reporters.split(",")) {
        String factory = flinkConfig.path("metrics.reporter." + reporter.trim() + ".factory.class").asText();
        try (JarFile jar = new JarFile(prometheus.toFile())) {
          assertThat(jar.getEntry(factory.replace('.', '/') + ".class")).as(factory + " in the reporter plugin").isNotNull();
          // Flink's plugin loader finds factories through the service file.
          ZipEntry services = jar.getEntry("META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory");
          assertThat(services).as("reporter service file").isNotNull();
          try (InputStream in = jar.getInputStream(services)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim))
                .as("factories the plugin declares").contains(factory);
          }
        }
        String port = flinkConfig.path("metrics.reporter." + reporter.trim() + ".port").asText();
        assertThat(dockerfile.exposed()).as("EXPOSE for the reporter port of " + entry.getKey()).contains(port);
      }
      assertThat(flinkConfig.path("state.backend.type").asText()).as(entry.getKey() + " state.backend.type")
          .isEqualTo("rocksdb");
      try (JarFile jar = new JarFile(rocksdb.toFile())) {
        // state.backend.type: rocksdb is resolved to this factory.
        assertThat(jar.getEntry("org/apache/flink/state/rocksdb/EmbeddedRocksDBStateBackendFactory.class"))
            .as("RocksDB state backend factory").isNotNull();
      }
    }
  }

  @Test
  void theDockerfileParserReadsWhatDockerReads() {
    Dockerfile parsed = Dockerfile.parse("""
        # comment
        FROM  flink:9.9-java21 AS base
        copy --chown=flink:flink a/b.jar \\
             /opt/x/
        COPY ["c d.jar", "/opt/y/z.jar"]
        EXPOSE 1 2/tcp
        """);
    assertThat(parsed.from()).isEqualTo("flink:9.9-java21");
    assertThat(parsed.copies()).containsExactly(new Copy("a/b.jar", "/opt/x/"), new Copy("c d.jar", "/opt/y/z.jar"));
    assertThat(parsed.copies().get(0).destinationFile()).isEqualTo("/opt/x/b.jar");
    assertThat(parsed.exposed()).containsExactly("1", "2");
  }

  @Test
  void theClassFileReaderFindsMainOnlyWhereItIs() throws IOException {
    assertThat(ClassFile.hasPublicStaticMain(bytesOf(WithMain.class))).isTrue();
    assertThat(ClassFile.hasPublicStaticMain(bytesOf(WithoutMain.class))).isFalse();
    assertThat(ClassFile.hasPublicStaticMain(bytesOf(JobImageTest.class))).isFalse();
  }

  /** A class with the entry point the reader looks for. */
  static final class WithMain {
    public static void main(String[] args) {}
  }

  /** A class with a main that is not an entry point (not static). */
  static final class WithoutMain {
    public void main(String[] args) {}
  }

  private static byte[] bytesOf(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static String destinationOf(String fileName) {
    return copyOf(fileName).destination();
  }

  private static Copy copyOf(String fileName) {
    return dockerfile.copies().stream().filter(c -> c.fileName().equals(fileName)).findFirst()
        .orElseThrow(() -> new AssertionError("the Dockerfile copies no " + fileName));
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
    }
    return value;
  }

  /** One COPY instruction with one source. */
  record Copy(String source, String destination) {
    String fileName() {
      return Path.of(source).getFileName().toString();
    }

    /** Where the file ends up: a destination ending in '/' is a folder. */
    String destinationFile() {
      return destination.endsWith("/") ? destination + fileName() : destination;
    }
  }

  /** The instructions of a Dockerfile this test looks at: FROM, COPY and EXPOSE. */
  record Dockerfile(String from, List<Copy> copies, List<String> exposed) {

    static Dockerfile parse(String text) {
      String from = null;
      List<Copy> copies = new ArrayList<>();
      List<String> exposed = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String instruction : instructions(text)) {
        String[] words = instruction.split("\\s+", 2);
        String keyword = words[0].toUpperCase(java.util.Locale.ROOT);
        String rest = words.length > 1 ? words[1].trim() : "";
        switch (keyword) {
          case "FROM" -> from = rest.split("\\s+")[0];
          case "COPY", "ADD" -> {
            List<String> args;
            if (rest.startsWith("[")) {
              try {
                args = new ArrayList<>();
                json.readTree(rest).forEach(n -> args.add(n.asText()));
              } catch (IOException e) {
                throw new IllegalArgumentException("bad JSON form: " + instruction, e);
              }
            } else {
              args = Stream.of(rest.split("\\s+")).filter(a -> !a.startsWith("--")).collect(Collectors.toList());
            }
            if (args.size() != 2) {
              throw new IllegalArgumentException("one source and one destination per COPY, got: " + instruction);
            }
            copies.add(new Copy(args.get(0), args.get(1)));
          }
          case "EXPOSE" -> Stream.of(rest.split("\\s+")).map(p -> p.replaceFirst("/.*$", "")).forEach(exposed::add);
          default -> { }
        }
      }
      if (from == null) {
        throw new IllegalArgumentException("no FROM");
      }
      return new Dockerfile(from, List.copyOf(copies), List.copyOf(exposed));
    }

    /** Logical lines: comments and blank lines dropped, continuation lines joined. */
    private static List<String> instructions(String text) {
      List<String> instructions = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        current.append(trimmed);
        if (!current.isEmpty()) {
          instructions.add(current.toString().trim());
        }
        current.setLength(0);
      }
      if (!current.isEmpty()) {
        instructions.add(current.toString().trim());
      }
      return instructions;
    }
  }

  /** Just enough of the class-file format to find a method. */
  static final class ClassFile {

    private ClassFile() {}

    /** Whether the class declares {@code public static void main(String[])}. */
    static boolean hasPublicStaticMain(byte[] bytes) {
      var in = java.nio.ByteBuffer.wrap(bytes);
      if (in.getInt() != 0xCAFEBABE) {
        return false;
      }
      in.getShort();
      in.getShort();
      int count = Short.toUnsignedInt(in.getShort());
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = Byte.toUnsignedInt(in.get());
        switch (tag) {
          case 1 -> {
            byte[] text = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(text);
            utf8[i] = new String(text, StandardCharsets.UTF_8); // modified UTF-8; fine for names
          }
          case 7, 8, 16, 19, 20 -> in.getShort();
          case 15 -> { in.get(); in.getShort(); }
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.getInt();
          case 5, 6 -> { in.getLong(); i++; }
          default -> throw new IllegalArgumentException("constant pool tag " + tag);
        }
      }
      in.getShort(); // access flags
      in.getShort(); // this
      in.getShort(); // super
      int interfaces = Short.toUnsignedInt(in.getShort());
      in.position(in.position() + 2 * interfaces);
      skipMembers(in); // fields
      int methods = Short.toUnsignedInt(in.getShort());
      for (int m = 0; m < methods; m++) {
        int access = Short.toUnsignedInt(in.getShort());
        String name = utf8[Short.toUnsignedInt(in.getShort())];
        String descriptor = utf8[Short.toUnsignedInt(in.getShort())];
        skipAttributes(in);
        boolean publicStatic = (access & 0x0009) == 0x0009;
        if (publicStatic && "main".equals(name) && "([Ljava/lang/String;)V".equals(descriptor)) {
          return true;
        }
      }
      return false;
    }

    private static void skipMembers(java.nio.ByteBuffer in) {
      int count = Short.toUnsignedInt(in.getShort());
      for (int i = 0; i < count; i++) {
        in.position(in.position() + 6);
        skipAttributes(in);
      }
    }

    private static void skipAttributes(java.nio.ByteBuffer in) {
      int count = Short.toUnsignedInt(in.getShort());
      for (int i = 0; i < count; i++) {
        in.getShort();
        int length = in.getInt(); // read before taking the position it moves
        in.position(in.position() + length);
      }
    }
  }
}
