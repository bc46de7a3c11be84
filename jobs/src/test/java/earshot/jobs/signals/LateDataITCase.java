package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.connectors.files.JsonLinesSink;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.run.LocalRunner;
import earshot.jobs.run.ReplayPipeline;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Late data shows on the metrics, through the signals pipeline on a MiniCluster: three hours of chats
 * and calls, then (after a pause that lets the watermark pass them) twelve more chats dated back in the
 * first hour, long after that window closed. They must be on the late output, counted in the first
 * hour's windows ({@code lateRecords}, published again) and open a DATA_QUALITY alert on the series they
 * missed, which on the global series names the channel they came from.
 */
class LateDataITCase {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  private static final int LATE = 12;

  @TempDir
  Path dir;

  @Test
  void lateRecordsAreCountedOnTheirWindowsAndRaiseADataQualityAlert() throws Exception {
    List<EnrichedInteraction> records = new ArrayList<>();
    for (int minute = 0; minute < 180; minute++) {
      records.add(contact(Channel.CHAT, "on-time-" + minute, START.plus(Duration.ofMinutes(minute))));
      records.add(contact(Channel.CALL, "call-" + minute, START.plus(Duration.ofMinutes(minute))));
    }
    for (int i = 0; i < LATE; i++) {
      records.add(contact(Channel.CHAT, "late-" + i, START.plus(Duration.ofMinutes(10 + i))));
    }
    EarshotConfig config = EarshotConfig.builder()
        .put(Settings.WINDOWS.key(), "PT1H", "test")
        .put(Settings.DIMENSIONS.key(), "channel", "test")
        .put(Settings.COMBINATIONS.key(), "", "test")
        .put(Settings.CHURN_ENABLED.key(), "false", "test")
        .build();
    SignalsSettings settings = SignalsSettings.from(config);
    Path metricsFile = dir.resolve("metrics.jsonl");
    Path alertsFile = dir.resolve("alerts.jsonl");
    Path lateFile = dir.resolve("late.jsonl");

    LocalRunner.run("late-data", config, 0, false, (env, c) -> {
      env.setParallelism(1);
      DataStream<EnrichedInteraction> timestamped = env
          .fromData(records, new AvroTypeInfo<>(EnrichedInteraction.class)).uid("test-source").name("Records")
          .map(new PauseBeforeLate(), new AvroTypeInfo<>(EnrichedInteraction.class)).uid("test-pause").name("Pause")
          .disableChaining()
          .assignTimestampsAndWatermarks(WatermarkStrategy
              .<EnrichedInteraction>forBoundedOutOfOrderness(settings.outOfOrderness())
              .withTimestampAssigner((e, previous) -> e.getInteraction().getOccurredAt().toEpochMilli()))
          .uid("test-watermarks").name("Watermarks");
      SignalsJob.Outputs outputs = SignalsJob.build(timestamped, null, settings);
      outputs.metrics().sinkTo(new JsonLinesSink<>(metricsFile)).uid("test-metrics").name("Metrics");
      outputs.alerts().sinkTo(new JsonLinesSink<>(alertsFile)).uid("test-alerts").name("Alerts");
      outputs.tooLate().sinkTo(new JsonLinesSink<>(lateFile)).uid("test-late").name("Late");
    });

    assertThat(Files.readAllLines(lateFile)).hasSize(LATE);
    Files.move(metricsFile, dir.resolve(ReplayPipeline.METRICS));
    Files.move(alertsFile, dir.resolve(ReplayPipeline.ALERTS));
    Map<String, MetricSnapshot> latest = ReplayPipeline.sortedMetrics(dir).stream()
        .collect(Collectors.toMap(MetricSnapshot::getMetricId, Function.identity(), (a, b) -> b));
    for (String series : List.of("global", "channel=CHAT")) {
      MetricSnapshot firstHour = latest.get(series + "|3600s|2026-11-02T00:00:00Z");
      assertThat(firstHour.getInteractions()).as("%s: on-time interactions", series)
          .isEqualTo(series.equals("global") ? 120 : 60);
      assertThat(firstHour.getLateRecords()).as("%s: late records counted on their window", series).isEqualTo(LATE);
      assertThat(firstHour.getRevision()).isEqualTo(LATE);
      assertThat(latest.get(series + "|3600s|2026-11-02T01:00:00Z").getLateRecords()).isZero();
    }
    List<Alert> quality = ReplayPipeline.sortedAlerts(dir).stream()
        .filter(a -> a.getDetector().equals("DATA_QUALITY")).toList();
    assertThat(quality).filteredOn(a -> a.getState() == AlertState.OPEN).extracting(Alert::getSeriesKey)
        .containsExactlyInAnyOrder("global", "channel=CHAT");
    List<Alert> global = quality.stream().filter(a -> a.getSeriesKey().equals("global")).toList();
    // The alert is published again only when its late count has grown by half: its last state
    // holds at least two thirds of the late records, and says how many.
    assertThat(global).filteredOn(a -> a.getState() != AlertState.RESOLVED).last().satisfies(alert -> {
      assertThat(alert.getStatistic()).isGreaterThan(LATE / 1.5).isLessThanOrEqualTo(LATE);
      long late = (long) alert.getStatistic();
      assertThat(alert.getSummary()).contains("Metrics incomplete for all interactions")
          .contains(late + " of " + (360 + late) + " interactions")
          .contains("100% of the late records are channel=CHAT");
      assertThat(alert.getRootCauses()).singleElement().satisfies(cause -> {
        assertThat(cause.getSlice()).isEqualTo("channel=CHAT");
        assertThat(cause.getSize()).as("the chats of the hour the late ones belong to").isEqualTo(60 + late);
        assertThat(cause.getBaseline()).isZero();
      });
    });
    // At the end of the input every window's tracking period ends: nothing is tracked, the alert resolves.
    assertThat(global).last().satisfies(alert -> {
      assertThat(alert.getState()).isEqualTo(AlertState.RESOLVED);
      assertThat(alert.getSummary()).startsWith("Metrics complete again for all interactions");
    });
  }

  private static EnrichedInteraction contact(Channel channel, String id, Instant at) {
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId(id).setChannel(channel).setOccurredAt(at)
            .setNps(8).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(at)
        .build();
  }

  /**
   * Waits before the first late record, in a task of its own, so that the watermark task downstream
   * has emitted a watermark past the on-time records before the late ones reach it.
   */
  static final class PauseBeforeLate implements MapFunction<EnrichedInteraction, EnrichedInteraction> {
    private static final long serialVersionUID = 1L;

    @Override
    public EnrichedInteraction map(EnrichedInteraction record) throws InterruptedException {
      if (record.getInteraction().getInteractionId().equals("late-0")) {
        Thread.sleep(3000);
      }
      return record;
    }
  }
}
