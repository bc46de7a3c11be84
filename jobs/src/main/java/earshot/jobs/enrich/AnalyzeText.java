package earshot.jobs.enrich;

import earshot.jobs.config.Settings;
import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TextAnalyzer;
import earshot.jobs.text.TextAnalyzers;
import earshot.schemas.AvroTrust;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link TextStage} on each interaction, within a time budget ({@code text.max-millis}); the
 * model and the intent rules are loaded once per worker.
 *
 * <p><b>Consumes</b> interactions; <b>emits</b> one enriched record for each, always.
 *
 * <p><b>Time budget.</b> The stage runs on a worker thread owned by this function
 * ({@link TimeBoxedWorker}); the task thread waits for it at most {@code text.max-millis}. An
 * interaction whose text overruns goes on at once with status TEXT_TIMEOUT and without text or
 * attributes ({@link TextStage#timedOut}), is counted in {@code earshotTextTimeouts} and logged with
 * its id; the worker is interrupted and replaced by a fresh one with its own text stage. A worker
 * that ignores the interrupt keeps running as a daemon thread until its text ends; when more than
 * {@code text.max-abandoned-workers} such workers are alive in the JVM the function throws, so the job fails
 * and restarts loudly instead of losing processors silently. The job thus never waits on one record
 * for longer than the budget.
 *
 * <p>Counts interactions by text status (earshotText{Analysed,NoText,NoConsent,UnsupportedLanguage,
 * Skipped}, earshotTextTimeouts), redacted spans (earshotTextRedactions) and the text stage's latency.
 *
 * <p>With prior adaptation on ({@code text.prior-adaptation}), exposes the class prior the fast model
 * uses for each channel as gauges {@code sentimentPriorNegative}, {@code sentimentPriorNeutral} and
 * {@code sentimentPriorPositive} in the subgroup {@code channel=<CHANNEL>}: the model's own prior until
 * the channel's first estimate, then its latest estimate (NaN in a mode that does not adapt). A worker
 * replaced after a timeout starts again from the model's prior.
 */
public final class AnalyzeText extends RichMapFunction<Interaction, EnrichedInteraction> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(AnalyzeText.class);

  /** Makes a text model; serializable so that a test can run the function with a model of its own. */
  @FunctionalInterface
  interface AnalyzerFactory extends java.io.Serializable {
    TextAnalyzer create(EnrichSettings settings);
  }

  private final EnrichSettings settings;
  private final AnalyzerFactory analyzers;
  private transient TimeBoxedWorker<TextStage> worker;
  private transient String modelName;
  private transient long analysisFailuresOfRetired;
  private transient TextStage current;
  private transient TextAnalyzer currentAnalyzer;
  private transient Counter timeouts;
  private transient Histogram latencyMicros;
  private transient Map<TextStatus, Counter> byStatus;
  private transient Counter redactions;

  public AnalyzeText(EnrichSettings settings) {
    this(settings, s -> TextAnalyzers.create(s.textMode(), IntentRules.parse(s.intentRules()), s.priorAdaptation(),
        s.intentModel()));
  }

  AnalyzeText(EnrichSettings settings, AnalyzerFactory analyzers) {
    this.settings = settings;
    this.analyzers = analyzers;
  }

  @Override
  public void open(OpenContext context) {
    AvroTrust.install();
    String threadName = "earshot-text-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    worker = new TimeBoxedWorker<>(threadName, this::newStage, TextStage::close, settings.textMaxMillis(),
        settings.textMaxAbandoned(), TimeBoxedWorker.Abandoned.jvm());
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    latencyMicros = metrics.histogram("earshotTextStageLatencyMicros", new DescriptiveStatisticsHistogram(1000));
    byStatus = new EnumMap<>(TextStatus.class);
    for (TextStatus status : TextStatus.values()) {
      if (status != TextStatus.TEXT_TIMEOUT) {
        byStatus.put(status, metrics.counter("earshotText" + camel(status.name())));
      }
    }
    timeouts = metrics.counter("earshotTextTimeouts");
    byStatus.put(TextStatus.TEXT_TIMEOUT, timeouts);
    metrics.gauge("earshotTextWorkersAbandoned", () -> TimeBoxedWorker.Abandoned.jvm().alive());
    redactions = metrics.counter("earshotTextRedactions");
    metrics.gauge("earshotTextAnalysisFailures", this::analysisFailures);
    if (settings.priorAdaptation()) {
      registerPriorGauges(metrics);
    }
  }

  /** Gauge names of the prior in use, negative, neutral, positive. */
  static final List<String> PRIOR_GAUGES = List.of("sentimentPriorNegative", "sentimentPriorNeutral",
      "sentimentPriorPositive");

  /** One gauge per channel and class, read on the metric reporter's thread. */
  void registerPriorGauges(MetricGroup metrics) {
    for (Channel channel : Channel.values()) {
      MetricGroup group = metrics.addGroup("channel", channel.name());
      for (int c = 0; c < PRIOR_GAUGES.size(); c++) {
        int k = c;
        group.gauge(PRIOR_GAUGES.get(c), (Gauge<Double>) () -> {
          double[] prior = priorInUse(channel);
          return prior == null ? Double.NaN : prior[k];
        });
      }
    }
  }

  /** The prior the text model uses for a channel (negative, neutral, positive), or null when it does not adapt. */
  synchronized double[] priorInUse(Channel channel) {
    return currentAnalyzer instanceof FastSentimentAnalyzer fast ? fast.priorInUse(channel.name()) : null;
  }

  @Override
  public EnrichedInteraction map(Interaction interaction) throws InterruptedException {
    long start = System.nanoTime();
    long now = System.currentTimeMillis();
    // Score-only interactions (no text, no attributes) skip the hand-over: nothing in them can take long.
    // The worker is idle between calls, so its stage may be used here.
    TimeBoxedWorker.Outcome<EnrichedInteraction> outcome = TextStage.readsNothing(interaction)
        ? new TimeBoxedWorker.Outcome<>(currentStage().enrich(interaction, now), false)
        : worker.run(stage -> stage.enrich(interaction, now));
    EnrichedInteraction enriched;
    if (outcome.timedOut()) {
      enriched = TextStage.timedOut(interaction, modelName, now);
      LOG.warn("The text stage of interaction {} took longer than {} ms ({}) and was abandoned: the interaction goes on "
          + "with status TEXT_TIMEOUT, without its text and attributes", interaction.getInteractionId(),
          settings.textMaxMillis(), Settings.TEXT_MAX_MILLIS.key());
    } else {
      enriched = outcome.value();
    }
    latencyMicros.update((System.nanoTime() - start) / 1000);
    byStatus.get(enriched.getAnalysis().getStatus()).inc();
    enriched.getAnalysis().getRedactions().values().forEach(redactions::inc);
    return enriched;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
  }

  /** Interactions that overran the budget in this task (the value of earshotTextTimeouts). */
  long timeouts() {
    return timeouts.getCount();
  }

  private synchronized TextStage newStage() {
    if (current != null) {
      analysisFailuresOfRetired += current.analysisFailures();
    }
    currentAnalyzer = analyzers.create(settings);
    current = new TextStage(currentAnalyzer, settings.consentDefault());
    modelName = current.modelName();
    // One text outside the budget: the first one loads classes and fills caches, which on a busy
    // TaskManager could otherwise take longer than the budget and cost a real interaction its analysis.
    current.enrich(Interaction.newBuilder().setInteractionId("warm-up").setChannel(Channel.CHAT)
        .setOccurredAt(java.time.Instant.EPOCH).setText("Hi, my card 4111 never arrived and nobody answers, thanks")
        .setAttributes(java.util.Map.of("subject", "order 42")).build(), 0);
    return current;
  }

  private synchronized TextStage currentStage() {
    return current;
  }

  private synchronized long analysisFailures() {
    return analysisFailuresOfRetired + (current == null ? 0 : current.analysisFailures());
  }

  /** NO_CONSENT → NoConsent. */
  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
