package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.connectors.kafka.DeadLetters;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.io.CollectingSink;
import earshot.jobs.run.LocalRunner;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.CustomerSignal;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.IdentityLink;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.junit.jupiter.api.Test;

/**
 * The signals job as deployed ({@link SignalsJob#run} with its event time {@link SignalsJob#eventTime}),
 * built with in-memory sources and collecting sinks and run on a MiniCluster at parallelism 2.
 */
class SignalsJobTest {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

  @Test
  void metricsCountEveryInteractionOfEveryWindowAndADetractorSurgeRaisesAnAlert() throws Exception {
    List<EnrichedInteraction> input = new ArrayList<>();
    for (int hour = 0; hour < 8; hour++) {
      for (int i = 0; i < 60; i++) {
        // Hour 6: most answers are detractors; every other hour a steady mix.
        int nps = hour == 6 ? (i < 48 ? 1 : 9) : (i % 5 == 0 ? 3 : i % 5 == 1 ? 7 : 10);
        input.add(enriched("h" + hour + "-" + i, i % 2 == 0 ? Channel.CHAT : Channel.EMAIL,
            START.plus(Duration.ofHours(hour)).plus(Duration.ofSeconds(60L * i)), nps));
      }
    }
    EarshotConfig config = EarshotConfig.builder()
        .put(Settings.PARALLELISM.key(), "2", "test")
        .put(Settings.WINDOWS.key(), "PT1H", "test")
        .put(Settings.DIMENSIONS.key(), "channel", "test")
        .put(Settings.COMBINATIONS.key(), "", "test")
        .put(Settings.CHURN_ENABLED.key(), "false", "test")
        .build();
    SignalsSettings settings = SignalsSettings.from(config);
    CollectingSink<MetricSnapshot> metrics = new CollectingSink<>();
    CollectingSink<Alert> alerts = new CollectingSink<>();
    CollectingSink<EnrichedInteraction> late = new CollectingSink<>();
    CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
    DeadLetter undecodable = DeadLetters.fromOther("decode", "not an enriched interaction", "line-9",
        "garbage".getBytes(StandardCharsets.UTF_8));

    LocalRunner.run(SignalsJob.NAME, config, 0, false, (env, c) -> {
      DataStream<EnrichedInteraction> enriched = env
          .fromData(input, new AvroTypeInfo<>(EnrichedInteraction.class)).uid("test-source").name("Enriched")
          .assignTimestampsAndWatermarks(SignalsJob.eventTime(settings)).uid("test-watermarks").name("Event time");
      DataStream<DeadLetter> decodingFailures = env
          .fromData(List.of(undecodable), new AvroTypeInfo<>(DeadLetter.class)).uid("test-dead").name("Dead letters");
      // Without the churn path (churn.enabled=false) the identity input is not read.
      SignalsJob.run(enriched, null, decodingFailures, settings, new SignalsJob.Sinks(
          List.of(CollectingSink.named("test-metrics", metrics)), List.of(CollectingSink.named("test-alerts", alerts)),
          CollectingSink.named("test-late", late), CollectingSink.named("test-signals", new CollectingSink<CustomerSignal>()),
          CollectingSink.named("test-links", new CollectingSink<IdentityLink>()), List.of(),
          CollectingSink.named("test-dead-letters", deadLetters)));
    });

    Map<String, Long> expected = input.stream().flatMap(e -> List.of("global",
            "channel=" + e.getInteraction().getChannel()).stream()
        .map(series -> series + "|" + e.getInteraction().getOccurredAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS)))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    Map<String, Long> published = metrics.received().stream().collect(Collectors.toMap(
        m -> m.getSeriesKey() + "|" + m.getWindowStart(), m -> (long) m.getInteractions(), (a, b) -> b));
    assertThat(published).isEqualTo(expected);
    assertThat(late.received()).isEmpty();
    assertThat(deadLetters.received()).containsExactly(undecodable);
    List<Alert> opened = alerts.received().stream().filter(alert -> alert.getState() == AlertState.OPEN).toList();
    assertThat(opened).as("alerts opened").extracting(Alert::getSeriesKey).contains("global");
    assertThat(opened).allSatisfy(alert -> assertThat(alert.getWindowStart()).isEqualTo(START.plus(Duration.ofHours(6))));
  }

  private static EnrichedInteraction enriched(String id, Channel channel, Instant at, int nps) {
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId(id).setChannel(channel).setOccurredAt(at)
            .setNps(nps).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(at)
        .build();
  }
}
