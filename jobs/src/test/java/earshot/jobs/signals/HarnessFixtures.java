package earshot.jobs.signals;

import earshot.jobs.detect.DetectorSettings;
import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Observation;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Instant;

/** Records for the operator harness tests. */
final class HarnessFixtures {

  static final long HOUR = 3600_000L;
  static final long START = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

  private HarnessFixtures() {}

  static DetectorSettings settings() {
    return new DetectorSettings(20, 6, 4.0, 2.0, 0.05, 3, 6, 24);
  }

  /** A one-hour window of the global series with {@code interactions} interactions and no answers. */
  static MetricSnapshot hour(long start, int interactions) {
    CxMetrics m = new CxMetrics();
    for (int i = 0; i < interactions; i++) {
      Observation o = new Observation();
      o.interactionId = "i" + i;
      m.add(o);
    }
    return MetricSnapshots.of("global", start, start + HOUR, 0, m);
  }

  static EnrichedInteraction interaction(String id, long at, int nps) {
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId(id).setChannel(Channel.CHAT)
            .setOccurredAt(Instant.ofEpochMilli(at)).setNps(nps).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(Instant.ofEpochMilli(at))
        .build();
  }
}
