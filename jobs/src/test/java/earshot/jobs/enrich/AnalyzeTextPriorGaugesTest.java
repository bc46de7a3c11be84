package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.text.FastSentimentModel;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The prior the fast model uses per channel is exposed as gauges, and they follow the channel's texts. */
class AnalyzeTextPriorGaugesTest {

  /** Keeps gauges by "key=value.name", for subgroups made with addGroup(key, value). */
  static final class RecordingGroup extends UnregisteredMetricsGroup {
    final Map<String, Gauge<?>> gauges;
    private final String prefix;

    RecordingGroup() {
      this(new ConcurrentHashMap<>(), "");
    }

    private RecordingGroup(Map<String, Gauge<?>> gauges, String prefix) {
      this.gauges = gauges;
      this.prefix = prefix;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
      gauges.put(prefix + name, gauge);
      return gauge;
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
      return new RecordingGroup(gauges, prefix + key + "=" + value + ".");
    }

    double value(String name) {
      Gauge<?> gauge = gauges.get(name);
      assertThat(gauge).as("gauge " + name + " among " + gauges.keySet()).isNotNull();
      return ((Number) gauge.getValue()).doubleValue();
    }
  }

  private static Interaction interaction(int i, Channel channel, String text) {
    return Interaction.newBuilder().setInteractionId("i" + i).setChannel(channel)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z").plusSeconds(i)).setText(text).build();
  }

  @Test
  void thePriorGaugesStartAtTheModelsPriorAndFollowANegativeChannel() throws Exception {
    EnrichSettings settings = EnrichSettings.from(EarshotConfig.builder()
        .put(Settings.TEXT_PRIOR_ADAPTATION.key(), "true", "test").build());
    AnalyzeText function = new AnalyzeText(settings);
    RecordingGroup metrics = new RecordingGroup();
    double[] modelPrior = FastSentimentModel.load().priors();
    String[] complaints = {"The courier never came and nobody answers, useless service.",
        "Worst support ever, I have been waiting for two weeks and still no refund!",
        "My card was charged twice and the app keeps crashing, absolutely terrible."};
    try (OneInputStreamOperatorTestHarness<Interaction, EnrichedInteraction> harness =
        new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
      harness.open();
      function.registerPriorGauges(metrics);
      assertThat(metrics.gauges).hasSize(3 * Channel.values().length);
      assertThat(metrics.value("channel=CHAT.sentimentPriorNegative")).isCloseTo(modelPrior[0], within(1e-9));
      for (int i = 0; i < 400; i++) {
        harness.processElement(new StreamRecord<>(interaction(i, Channel.CHAT, complaints[i % 3]), i));
      }
      double negative = metrics.value("channel=CHAT.sentimentPriorNegative");
      assertThat(negative).as("a channel of complaints moves its negative prior up").isGreaterThan(modelPrior[0] + 0.2);
      assertThat(negative + metrics.value("channel=CHAT.sentimentPriorNeutral")
          + metrics.value("channel=CHAT.sentimentPriorPositive")).isCloseTo(1.0, within(1e-6));
      assertThat(metrics.value("channel=EMAIL.sentimentPriorNegative")).as("a channel without texts keeps the model's")
          .isCloseTo(modelPrior[0], within(1e-9));
    }
  }

  @Test
  void withoutPriorAdaptationTheGaugesSayNotANumber() throws Exception {
    AnalyzeText function = new AnalyzeText(EnrichSettings.from(EarshotConfig.builder().build()));
    RecordingGroup metrics = new RecordingGroup();
    try (OneInputStreamOperatorTestHarness<Interaction, EnrichedInteraction> harness =
        new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
      harness.open();
      function.registerPriorGauges(metrics);
      harness.processElement(new StreamRecord<>(interaction(1, Channel.CHAT, "Nobody answers, useless."), 1));
      assertThat(metrics.value("channel=CHAT.sentimentPriorNegative")).isNaN();
    }
  }
}
