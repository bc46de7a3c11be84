package earshot.jobs.enrich;

import earshot.jobs.text.IntentRules;
import earshot.jobs.text.TextAnalyzers;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Runs the {@link TextStage} on each interaction; the model and the intent rules are loaded once per
 * task. Counts interactions by text status (earshotText{Analysed,NoText,NoConsent,UnsupportedLanguage}),
 * redacted spans (earshotTextRedactions) and the text stage's latency.
 */
public final class AnalyzeText extends RichMapFunction<Interaction, EnrichedInteraction> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final EnrichSettings settings;
  private transient TextStage stage;
  private transient Histogram latencyMicros;
  private transient Map<TextStatus, Counter> byStatus;
  private transient Counter redactions;

  public AnalyzeText(EnrichSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    AvroTrust.install();
    stage = new TextStage(TextAnalyzers.create(settings.textMode(), IntentRules.parse(settings.intentRules())),
        settings.consentDefault());
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    latencyMicros = metrics.histogram("earshotTextStageLatencyMicros", new DescriptiveStatisticsHistogram(1000));
    byStatus = new EnumMap<>(TextStatus.class);
    for (TextStatus status : TextStatus.values()) {
      byStatus.put(status, metrics.counter("earshotText" + camel(status.name())));
    }
    redactions = metrics.counter("earshotTextRedactions");
    metrics.gauge("earshotTextAnalysisFailures", () -> stage.analysisFailures());
  }

  @Override
  public EnrichedInteraction map(Interaction interaction) {
    long start = System.nanoTime();
    EnrichedInteraction enriched = stage.enrich(interaction, System.currentTimeMillis());
    latencyMicros.update((System.nanoTime() - start) / 1000);
    byStatus.get(enriched.getAnalysis().getStatus()).inc();
    enriched.getAnalysis().getRedactions().values().forEach(redactions::inc);
    return enriched;
  }

  @Override
  public void close() {
    if (stage != null) {
      stage.close();
    }
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
