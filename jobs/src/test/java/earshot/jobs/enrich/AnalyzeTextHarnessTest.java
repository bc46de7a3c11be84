package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TextAnalyzer;
import earshot.jobs.text.TextAnalyzers;
import earshot.jobs.text.TextResult;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.SentimentLabel;
import earshot.schemas.TextStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The time budget of the text stage, through Flink's operator harness. */
class AnalyzeTextHarnessTest {

  /** The marker that makes the test model spin, ignoring interrupts, until {@link #RELEASE} is set. */
  private static final String STALL = "<<stall>>";
  private static final AtomicBoolean RELEASE = new AtomicBoolean();

  /** The fast model, except that a text with {@link #STALL} never finishes on its own (like a runaway regex). */
  static final class StallingAnalyzer implements TextAnalyzer {
    private final TextAnalyzer fast = TextAnalyzers.create(TextAnalyzers.FAST, IntentRules.builtIn());

    @Override
    public TextResult analyze(String text) {
      long spins = 0;
      while (text.contains(STALL) && !RELEASE.get()) {
        spins++;
      }
      return spins < 0 ? null : fast.analyze(text);
    }

    @Override
    public String modelName() {
      return fast.modelName();
    }
  }

  @AfterEach
  void releaseStalledWorkers() throws InterruptedException {
    RELEASE.set(true);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (TimeBoxedWorker.Abandoned.jvm().alive() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static Interaction interaction(String id, String text) {
    return Interaction.newBuilder().setInteractionId(id).setChannel(Channel.CHAT)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setText(text).setNps(3)
        .setAttributes(Map.of("subject", "order 42")).build();
  }

  @Test
  void aTextOverTheBudgetGoesOnAsTextTimeoutAndTheNextOneIsAnalysed() throws Exception {
    RELEASE.set(false);
    EnrichSettings settings = EnrichSettings.from(EarshotConfig.builder()
        .put(Settings.TEXT_MAX_MILLIS.key(), "5000", "test").build());
    AnalyzeText function = new AnalyzeText(settings, s -> new StallingAnalyzer());
    try (OneInputStreamOperatorTestHarness<Interaction, EnrichedInteraction> harness =
        new OneInputStreamOperatorTestHarness<>(new StreamMap<>(function))) {
      harness.open();
      harness.processElement(new StreamRecord<>(interaction("before", "The courier never came and nobody answers."), 1));
      long start = System.nanoTime();
      harness.processElement(new StreamRecord<>(interaction("stuck", "Call me back " + STALL + " please, my card 4111"), 2));
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      harness.processElement(new StreamRecord<>(interaction("after", "Thank you, the refund arrived quickly, great service!"), 3));
      harness.processElement(new StreamRecord<>(Interaction.newBuilder(interaction("scores-only", null))
          .setAttributes(Map.of()).build(), 4));

      List<EnrichedInteraction> out = harness.extractOutputValues();
      assertThat(out).extracting(e -> e.getInteraction().getInteractionId()).containsExactly("before", "stuck", "after", "scores-only");
      assertThat(out.get(0).getAnalysis().getStatus()).isEqualTo(TextStatus.ANALYSED);
      assertThat(out.get(0).getAnalysis().getSentiment()).isEqualTo(SentimentLabel.NEGATIVE);

      EnrichedInteraction stuck = out.get(1);
      assertThat(stuck.getAnalysis().getStatus()).isEqualTo(TextStatus.TEXT_TIMEOUT);
      assertThat(stuck.getAnalysis().getSentiment()).isNull();
      assertThat(stuck.getInteraction().getText()).as("no text whose redaction may not have finished").isNull();
      assertThat(stuck.getInteraction().getAttributes()).isEmpty();
      assertThat(stuck.getInteraction().getNps()).as("facts and scores stay").isEqualTo(3);
      // The budget is 5 s (generous: the first text also loads classes on a busy machine); the bound
      // only tells a stall (forever) from a wait for the budget.
      assertThat(waitedMillis).isLessThan(60_000);

      assertThat(out.get(2).getAnalysis().getStatus()).isEqualTo(TextStatus.ANALYSED);
      assertThat(out.get(2).getAnalysis().getSentiment()).isEqualTo(SentimentLabel.POSITIVE);
      assertThat(out.get(3).getAnalysis().getStatus()).isEqualTo(TextStatus.NO_TEXT);
      assertThat(function.timeouts()).isEqualTo(1);
      assertThat(TimeBoxedWorker.Abandoned.jvm().alive()).as("the stalled worker still spins").isEqualTo(1);
    }
  }
}
