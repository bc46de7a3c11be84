package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * corenlp-models.txt is exact: each text mode starts and reads a text in a JVM whose class path
 * holds, of the 474 MB CoreNLP models jar, only the files listed for it, and leaving out any one
 * of them makes the deep mode fail. The shaded job jar can be cut down by this list.
 */
class CoreNlpModelsITCase {

  private static List<String> deepModels;
  private static Path modelsJar;
  private static List<String> classPathWithoutModels;

  @BeforeAll
  static void readTheList() throws IOException {
    deepModels = new ArrayList<>();
    try (InputStream in = CoreNlpModelsITCase.class.getResourceAsStream("/earshot/text/corenlp-models.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          deepModels.add(line.strip());
        }
      }
    }
    classPathWithoutModels = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("stanford-corenlp") && entry.endsWith("-models.jar")) {
        modelsJar = Path.of(entry);
      } else {
        classPathWithoutModels.add(entry);
      }
    }
    assertThat(modelsJar).as("the CoreNLP models jar on the test class path").isNotNull();
  }

  @Test
  void theListNamesTheDeepModelsFiles() {
    assertThat(deepModels).containsExactly(DeepSentimentAnalyzer.POS_MODEL, DeepSentimentAnalyzer.PARSER_MODEL,
        DeepSentimentAnalyzer.SENTIMENT_MODEL);
  }

  @Test
  void fastModeNeedsNoModelFile() throws Exception {
    Result result = probe("fast", List.of());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("probe-result fast NEGATIVE");
  }

  @Test
  void deepModeNeedsTheListedFilesAndNoOthers(@TempDir Path dir) throws Exception {
    Path jar = jarOf(dir.resolve("listed.jar"), deepModels);
    Result result = probe("deep", List.of(jar.toString()));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("probe-result deep ");
    for (String left : deepModels) {
      List<String> others = new ArrayList<>(deepModels);
      others.remove(left);
      Path partial = jarOf(dir.resolve("without-" + others.size() + "-" + Math.abs(left.hashCode()) + ".jar"), others);
      Result without = probe("deep", List.of(partial.toString()));
      assertThat(without.exitCode()).as("deep mode without " + left).isNotZero();
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result probe(String mode, List<String> extraClassPath) throws Exception {
    List<String> classPath = new ArrayList<>(classPathWithoutModels);
    classPath.addAll(extraClassPath);
    Path log = Files.createTempFile("earshot-model-probe", ".log");
    try {
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g", "-cp", String.join(File.pathSeparator, classPath), ModelListProbe.class.getName(), mode)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the " + mode + " probe did not finish");
      }
      return new Result(process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** A jar with only the given entries of the CoreNLP models jar. */
  private static Path jarOf(Path target, List<String> entries) throws IOException {
    try (JarFile models = new JarFile(modelsJar.toFile());
        OutputStream file = Files.newOutputStream(target);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String name : entries) {
        JarEntry entry = models.getJarEntry(name);
        assertThat(entry).as(name + " in " + modelsJar.getFileName()).isNotNull();
        out.putNextEntry(new JarEntry(name));
        try (InputStream in = models.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return target;
  }
}
