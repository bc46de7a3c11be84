package earshot.deploy.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the artifacts of a service (Kafka's jars, the Elasticsearch zip, Flink's jars) through
 * Maven, so they come from the same registry as the build and are cached in the local Maven
 * repository. Each set lands in its own folder with a marker written last: a folder with the
 * marker is complete and is reused without calling Maven again.
 */
public final class MavenArtifacts {

  private static final String MARKER = ".complete";

  private MavenArtifacts() {}

  /**
   * Copies the given artifacts and their runtime dependencies into {@code target}.
   *
   * @param coordinates {@code groupId:artifactId:version[:type[:classifier]]}
   * @param transitive whether to include the artifacts' runtime dependencies
   */
  public static Path resolve(Path target, List<String> coordinates, boolean transitive) throws IOException {
    if (Files.exists(target.resolve(MARKER))) {
      return target;
    }
    Files.createDirectories(target);
    Path work = Files.createTempDirectory("earshot-resolve");
    Path pom = work.resolve("pom.xml");
    Files.writeString(pom, pom(coordinates, transitive), StandardCharsets.UTF_8);
    Path log = target.resolve("resolve.log");
    List<String> command = List.of(maven(), "-B", "-q", "-f", pom.toString(),
        "dependency:copy-dependencies",
        "-DoutputDirectory=" + target.toAbsolutePath(),
        "-DincludeScope=runtime",
        "-Dmdep.useSubDirectoryPerType=false");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Process process = builder.start();
      if (!process.waitFor(30, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("Maven took more than 30 minutes to fetch " + coordinates);
      }
      if (process.exitValue() != 0) {
        throw new IOException("Maven could not fetch " + coordinates + " (exit " + process.exitValue()
            + "):\n" + LogTail.of(log, 30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + coordinates, e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
        throw new IOException("Maven ('" + maven() + "') is needed to fetch " + coordinates
            + "; install it or set EARSHOT_MVN to its path", e);
      }
      throw e;
    }
    Files.writeString(target.resolve(MARKER), String.join("\n", coordinates) + "\n");
    FileTrees.deleteQuietly(work);
    return target;
  }

  static String maven() {
    String configured = System.getenv("EARSHOT_MVN");
    return configured == null || configured.isBlank() ? "mvn" : configured;
  }

  private static String pom(List<String> coordinates, boolean transitive) {
    StringBuilder deps = new StringBuilder();
    for (String coordinate : coordinates) {
      String[] parts = coordinate.split(":");
      if (parts.length < 3) {
        throw new IllegalArgumentException("not groupId:artifactId:version[:type[:classifier]]: " + coordinate);
      }
      deps.append("    <dependency><groupId>").append(parts[0]).append("</groupId><artifactId>")
          .append(parts[1]).append("</artifactId><version>").append(parts[2]).append("</version>");
      if (parts.length > 3) {
        deps.append("<type>").append(parts[3]).append("</type>");
      }
      if (parts.length > 4) {
        deps.append("<classifier>").append(parts[4]).append("</classifier>");
      }
      if (!transitive) {
        deps.append("<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>");
      }
      deps.append("</dependency>\n");
    }
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + "  <groupId>earshot.local</groupId><artifactId>service-artifacts</artifactId><version>1</version>\n"
        + "  <packaging>pom</packaging>\n"
        + "  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId>"
        + "<artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin></plugins></build>\n"
        + "  <dependencies>\n" + deps + "  </dependencies>\n</project>\n";
  }

}
