package earshot.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.connectors.kafka.EarshotKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job's main method accepts on a cluster: --config, --set, --bounded, in order of precedence. */
class JobArgumentsTest {

  @TempDir
  Path dir;

  @Test
  void laterSourcesWinDefaultsThenFileThenEnvironmentThenSet() throws Exception {
    Path file = dir.resolve("earshot.properties");
    Files.writeString(file, "topics.prefix=from-file.\nelasticsearch.index-prefix=file-\njob.parallelism=3\n");

    JobArguments arguments = JobArguments.parse(new String[] {"--config", file.toString(),
        "--set", "job.parallelism=4", "--bounded"}, Map.of("EARSHOT_ELASTICSEARCH_INDEX_PREFIX", "env-"));

    EarshotConfig config = arguments.config();
    assertThat(arguments.bounded()).isTrue();
    assertThat(config.get(Settings.TOPIC_PREFIX)).isEqualTo("from-file.");
    assertThat(config.get(Settings.ES_INDEX_PREFIX)).isEqualTo("env-");
    assertThat(config.get(Settings.PARALLELISM)).isEqualTo(4);
    assertThat(config.get(Settings.CHECKPOINT_INTERVAL)).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThat(config.origin(Settings.PARALLELISM)).isEqualTo("command line");
    assertThat(config.explicitAssignments()).containsExactly("topics.prefix=from-file.",
        "elasticsearch.index-prefix=env-", "job.parallelism=4");
  }

  @Test
  void badArgumentsAndValuesFailBeforeTheJobIsBuiltNamingTheProblem() {
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--parallelism", "2"}, Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unknown argument '--parallelism'")
        .hasMessageContaining(JobArguments.USAGE);
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--set", "job.parallelism=zero"}, Map.of()))
        .hasMessageContaining("job.parallelism").hasMessageContaining("expected a whole number");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--set", "elasticsearch.pasword=x"}, Map.of()))
        .hasMessageContaining("elasticsearch.pasword").hasMessageContaining("unknown setting");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--config", dir.resolve("missing").toString()}, Map.of()))
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> JobArguments.parse(new String[0], Map.of("EARSHOT_JOB_CHECKPOINT_INTERVAL", "10 seconds")))
        .hasMessageContaining("job.checkpoint-interval").hasMessageContaining("environment EARSHOT_JOB_CHECKPOINT_INTERVAL");
    assertThatThrownBy(() -> JobArguments.parse(new String[] {"--set", "kafka.fetch-bytes-per-partition=512"}, Map.of()))
        .hasMessageContaining("kafka.fetch-bytes-per-partition").hasMessageContaining("1024");
  }

  @Test
  void theKafkaFetchSizeDefaultsToTheConnectorsOwnAndCanBeRaised() {
    assertThat(JobArguments.parse(new String[0], Map.of()).config().get(Settings.KAFKA_FETCH_BYTES))
        .isEqualTo(EarshotKafka.FETCH_BYTES_PER_PARTITION);
    assertThat(JobArguments.parse(new String[] {"--set", "kafka.fetch-bytes-per-partition=1048576"}, Map.of())
        .config().get(Settings.KAFKA_FETCH_BYTES)).isEqualTo(1_048_576);
  }
}
