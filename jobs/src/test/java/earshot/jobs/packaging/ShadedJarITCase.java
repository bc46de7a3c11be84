package earshot.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar the build shades for a Flink cluster (runs after {@code package}): it carries the
 * jobs, their connectors and formats, but not Flink itself nor the lab's offline tooling, and of
 * CoreNLP's models exactly the files the text stage loads.
 */
class ShadedJarITCase {

  /**
   * The model files the deep text mode loads. When the text stage lists its models in
   * {@code earshot/text/corenlp-models.txt}, that list is the reference instead, and the shade
   * filter in jobs/pom.xml must match it.
   */
  private static final List<String> DEEP_MODE_MODELS = List.of(
      "edu/stanford/nlp/models/sentiment/sentiment.ser.gz",
      "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz",
      "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger",
      "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger.props");

  private static Set<String> entries;

  @BeforeAll
  static void readJar() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar = files.filter(p -> p.getFileName().toString().matches("earshot-jobs-.*-job\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no shaded job jar in target/"));
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      entries = new TreeSet<>(zip.stream().map(ZipEntry::getName).toList());
    }
  }

  @Test
  void carriesTheJobsAndWhatTheyNeedButNotFlinkItself() {
    assertThat(entries).contains(
        "earshot/jobs/enrich/EnrichJob.class",
        "earshot/jobs/signals/SignalsJob.class",
        "earshot/connectors/elasticsearch/ElasticsearchSink.class",
        "earshot/schemas/Alert.class",
        "earshot/schemas/history/index.txt",
        "org/apache/flink/connector/kafka/sink/KafkaSink.class",
        "org/apache/flink/formats/avro/typeutils/AvroTypeInfo.class",
        "org/apache/kafka/clients/producer/KafkaProducer.class",
        "co/elastic/clients/elasticsearch/ElasticsearchAsyncClient.class",
        "edu/stanford/nlp/pipeline/StanfordCoreNLP.class");
    assertThat(entries).noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/environment/")
        || e.startsWith("org/apache/flink/runtime/") || e.startsWith("org/apache/flink/api/common/")
        || e.startsWith("org/slf4j/") || e.startsWith("org/apache/logging/log4j/"));
  }

  @Test
  void carriesNoneOfTheLabsOfflineTooling() {
    assertThat(entries).contains("earshot/jobs/detect/VolumeDetector.class", "earshot/jobs/run/ReplayPipeline.class");
    assertThat(entries).as("the generator, reports, backtest and benchmarks live in earshot-lab")
        .noneMatch(e -> e.startsWith("earshot/lab/") || e.startsWith("earshot/jobs/generator/")
            || e.startsWith("earshot/jobs/detect/VolumeBacktest"));
  }

  @Test
  void keepsExactlyTheCoreNlpModelsTheTextStageLoads() throws IOException {
    List<String> expected = DEEP_MODE_MODELS;
    Path listed = Path.of("src/main/resources/earshot/text/corenlp-models.txt");
    if (Files.exists(listed)) {
      expected = Files.readAllLines(listed, StandardCharsets.UTF_8).stream().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
    List<String> models = entries.stream()
        .filter(e -> e.startsWith("edu/stanford/nlp/models/") && !e.endsWith("/")).toList();
    assertThat(models)
        .as("CoreNLP models in the job jar; the shade filter in jobs/pom.xml must list exactly these")
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
