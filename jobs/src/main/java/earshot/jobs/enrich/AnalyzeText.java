package earshot.jobs.enrich;

import earshot.jobs.text.TextAnalyzers;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/** Runs the {@link TextStage} on each interaction; the model is loaded once per task. */
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

  public AnalyzeText(EnrichSettings settings) {
    this.settings = settings;
  }

  @Override
  public void open(OpenContext context) {
    AvroTrust.install();
    stage = new TextStage(TextAnalyzers.create(settings.textMode()), settings.consentDefault());
    latencyMicros = getRuntimeContext().getMetricGroup()
        .histogram("earshotTextStageLatencyMicros", new DescriptiveStatisticsHistogram(1000));
  }

  @Override
  public EnrichedInteraction map(Interaction interaction) {
    long start = System.nanoTime();
    EnrichedInteraction enriched = stage.enrich(interaction, System.currentTimeMillis());
    latencyMicros.update((System.nanoTime() - start) / 1000);
    return enriched;
  }

  @Override
  public void close() {
    if (stage != null) {
      stage.close();
    }
  }
}
