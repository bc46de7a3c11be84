package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import earshot.deploy.testing.RealServicesExtension;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Setting;
import earshot.jobs.config.Settings;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under deploy/k8s, read with the Flink Kubernetes Operator's own API
 * classes and Kubernetes' model classes with unknown fields refused, so a misspelt field fails
 * the build. Beyond the schema: every Flink option is one Flink knows, every EARSHOT_* variable
 * and --set names an Earshot setting, and the job settings are the ones operators rely on.
 */
class KubernetesManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Path K8S = RealServicesExtension.projectHome().resolve("deploy/k8s");

  private static Map<String, FlinkDeployment> deployments;
  private static List<Secret> secrets;

  @BeforeAll
  static void parse() throws IOException {
    deployments = new java.util.TreeMap<>();
    secrets = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(K8S)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      for (JsonNode document : documents(file)) {
        String kind = document.path("kind").asText();
        switch (kind) {
          case "FlinkDeployment" -> {
            FlinkDeployment deployment = toFlinkDeployment(document, file);
            deployments.put(deployment.getMetadata().getName(), deployment);
          }
          case "Secret" -> secrets.add(strictly(document, Secret.class, file));
          default -> throw new AssertionError(file + ": unexpected kind '" + kind + "'");
        }
      }
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
      var iterator = YAML.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        documents.add(iterator.next());
      }
    }
    return documents;
  }

  /**
   * The operator API 1.10.0 (the newest Maven Central serves) predates Flink 2: its FlinkVersion
   * stops at v1_20. The manifests name the Flink version the jobs are built for; that is checked
   * against the build, and everything else is parsed strictly by the operator's classes.
   */
  private static FlinkDeployment toFlinkDeployment(JsonNode document, Path file) throws IOException {
    ObjectNode copy = document.deepCopy();
    String flinkVersion = copy.path("spec").path("flinkVersion").asText();
    String[] built = org.apache.flink.runtime.util.EnvironmentInformation.getVersion().split("\\.");
    assertThat(flinkVersion).as(file + ": spec.flinkVersion").isEqualTo("v" + built[0] + "_" + built[1]);
    ((ObjectNode) copy.path("spec")).put("flinkVersion", "v1_20");
    return strictly(copy, FlinkDeployment.class, file);
  }

  /**
   * Reads a document into its model class, refusing any field the class does not know. The
   * operator's classes silently drop unknown fields and Kubernetes' model classes keep them aside
   * as "additional properties"; both are caught: a field that does not survive a round trip, or
   * any additional property left anywhere in the object graph, is a misspelt field.
   */
  private static <T> T strictly(JsonNode document, Class<T> type, Path file) throws IOException {
    T value = YAML.treeToValue(document, type);
    List<String> unknown = new ArrayList<>();
    missingAfterRoundTrip(document, YAML.valueToTree(value), "", unknown);
    additionalProperties(value, "", unknown, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    assertThat(unknown).as(file + ": fields the " + type.getSimpleName() + " schema does not have").isEmpty();
    return value;
  }

  private static void missingAfterRoundTrip(JsonNode input, JsonNode output, String path, List<String> unknown) {
    if (input.isObject()) {
      input.fieldNames().forEachRemaining(name -> {
        if (!output.has(name)) {
          unknown.add(path + "." + name);
        } else {
          missingAfterRoundTrip(input.get(name), output.get(name), path + "." + name, unknown);
        }
      });
    } else if (input.isArray() && output.isArray()) {
      for (int i = 0; i < Math.min(input.size(), output.size()); i++) {
        missingAfterRoundTrip(input.get(i), output.get(i), path + "[" + i + "]", unknown);
      }
    }
  }

  private static void additionalProperties(Object value, String path, List<String> unknown, Set<Object> seen) {
    if (value == null || !seen.add(value) || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
        && !value.getClass().getName().startsWith("org.apache.flink.kubernetes.operator")) {
      if (value instanceof java.util.Collection<?> items) {
        int i = 0;
        for (Object item : items) {
          additionalProperties(item, path + "[" + i++ + "]", unknown, seen);
        }
      }
      return;
    }
    for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive() || field.getType().isEnum()
            || field.getType() == String.class) {
          continue;
        }
        try {
          field.setAccessible(true);
          Object child = field.get(value);
          if (field.getName().equals("additionalProperties") && child instanceof Map<?, ?> extra) {
            extra.keySet().forEach(key -> unknown.add(path + "." + key));
          } else {
            additionalProperties(child, path + "." + field.getName(), unknown, seen);
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // A field of a JDK type: nothing of ours below it.
        }
      }
    }
  }

  @Test
  void thereIsOneDeploymentPerJob() {
    assertThat(deployments).containsOnlyKeys("earshot-enrich", "earshot-signals");
    assertThat(deployments.get("earshot-enrich").getSpec().getJob().getEntryClass())
        .isEqualTo(earshot.jobs.enrich.EnrichJob.class.getName());
    assertThat(deployments.get("earshot-signals").getSpec().getJob().getEntryClass())
        .isEqualTo(earshot.jobs.signals.SignalsJob.class.getName());
  }

  @Test
  void jobsUpgradeThroughSavepointsWithRocksDbAndExactlyOnceCheckpoints() {
    deployments.forEach((name, deployment) -> {
      var spec = deployment.getSpec();
      Map<String, String> flink = spec.getFlinkConfiguration();
      assertThat(spec.getJob().getUpgradeMode()).as(name).isEqualTo(UpgradeMode.SAVEPOINT);
      assertThat(spec.getJob().getAllowNonRestoredState()).as(name).isFalse();
      assertThat(spec.getJob().getJarURI()).as(name).startsWith("local:///").endsWith(".jar");
      assertThat(flink).as(name)
          .containsEntry("state.backend.type", "rocksdb")
          .containsEntry("execution.checkpointing.mode", "EXACTLY_ONCE")
          .containsEntry("pipeline.auto-generate-uids", "false")
          .containsKeys("execution.checkpointing.interval", "execution.checkpointing.dir",
              "execution.checkpointing.savepoint-dir", "high-availability.type")
          .containsEntry("metrics.reporter.prom.factory.class",
              "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      assertThat(flink.get("env.java.opts.taskmanager")).contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=earshot.schemas");
      assertThat(spec.getJobManager().getResource().getMemory()).as(name).isNotBlank();
      assertThat(spec.getTaskManager().getResource().getMemory()).as(name).isNotBlank();
      assertThat(spec.getTaskManager().getResource().getCpu()).as(name).isPositive();
    });
  }

  @Test
  void everyFlinkOptionIsOneFlinkKnows() throws Exception {
    Set<String> known = new HashSet<>();
    for (Class<?> options : List.of(CheckpointingOptions.class, StateBackendOptions.class, RestartStrategyOptions.class,
        TaskManagerOptions.class, HighAvailabilityOptions.class, PipelineOptions.class, CoreOptions.class,
        MetricOptions.class, org.apache.flink.configuration.JobManagerOptions.class)) {
      for (Field field : options.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          known.add(option.key());
          for (FallbackKey key : option.fallbackKeys()) {
            known.add(key.getKey());
          }
        }
      }
    }
    deployments.forEach((name, deployment) -> {
      for (String key : deployment.getSpec().getFlinkConfiguration().keySet()) {
        // Reporter options are named after the reporter; their schema is the reporter's own.
        if (!key.startsWith("metrics.reporter.")) {
          assertThat(known).as("%s: flinkConfiguration key '%s' is not a Flink option", name, key).contains(key);
        }
      }
    });
  }

  @Test
  void everyEarshotVariableAndArgumentNamesASettingAndTheConfigurationIsValid() {
    Map<String, String> variables = Settings.all().values().stream()
        .collect(Collectors.toMap(Setting::environmentVariable, Setting::key));
    Set<String> secretNames = secrets.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
    deployments.forEach((name, deployment) -> {
      var container = deployment.getSpec().getPodTemplate().getSpec().getContainers().get(0);
      assertThat(container.getName()).isEqualTo("flink-main-container");
      Map<String, String> environment = new java.util.HashMap<>();
      for (EnvVar variable : container.getEnv()) {
        assertThat(variables).as("%s: %s is not an Earshot setting's variable", name, variable.getName())
            .containsKey(variable.getName());
        if (variable.getValueFrom() != null) {
          assertThat(secretNames).as("%s: %s reads a Secret that secrets.yaml does not define", name, variable.getName())
              .contains(variable.getValueFrom().getSecretKeyRef().getName());
          environment.put(variable.getName(), "a-value-read-from-a-secret");
        } else {
          environment.put(variable.getName(), variable.getValue());
        }
      }
      String[] args = deployment.getSpec().getJob().getArgs();
      // The same parsing the job's main method does: an unknown key or a bad value fails here.
      EarshotConfig config = earshot.jobs.config.JobArguments.parse(args, environment).config();
      assertThat(config.get(Settings.ES_URL)).startsWith("https://");
      assertThat(config.get(Settings.STATE_BACKEND)).isEqualTo("rocksdb");
    });
  }
}
