package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ToLateWindowsTest {

  @Test
  void onlyTheAlertWindowsCarryTheValuesTheSeriesDoesNotFix() {
    SeriesCatalog catalog = SeriesCatalog.of(List.of("channel", "touchpoint", "region"), List.of());
    ToLateWindows function = new ToLateWindows(catalog, List.of(Duration.ofMinutes(5), Duration.ofHours(1)),
        Duration.ofMinutes(5));
    Instant at = Instant.parse("2026-11-02T10:07:00Z");
    EnrichedInteraction late = EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId("late-1").setChannel(Channel.EMAIL)
            .setTouchpoint("billing").setOccurredAt(at).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(at)
        .build();
    List<LateWindow> out = new ArrayList<>();
    function.emit(late, Long.MIN_VALUE, new Collector<>() {
      @Override
      public void collect(LateWindow record) {
        out.add(record);
      }

      @Override
      public void close() {}
    });
    assertThat(out).extracting(LateWindow::key).containsExactlyInAnyOrder("global|300", "global|3600",
        "channel=EMAIL|300", "channel=EMAIL|3600", "touchpoint=billing|300", "touchpoint=billing|3600");
    assertThat(out).filteredOn(w -> w.windowSeconds == 3600).allSatisfy(w -> assertThat(w.values).isNull());
    assertThat(out).filteredOn(w -> w.windowSeconds == 300).allSatisfy(w ->
        assertThat(w.windowStart).isEqualTo(Instant.parse("2026-11-02T10:05:00Z").toEpochMilli()));
    // No region: nothing to say along it. The series' own dimension is left out.
    assertThat(out).filteredOn(w -> w.key().equals("global|300")).singleElement()
        .satisfies(w -> assertThat(w.values).containsExactly("channel=EMAIL", "touchpoint=billing"));
    assertThat(out).filteredOn(w -> w.key().equals("channel=EMAIL|300")).singleElement()
        .satisfies(w -> assertThat(w.values).containsExactly("touchpoint=billing"));
    assertThat(out).filteredOn(w -> w.key().equals("touchpoint=billing|300")).singleElement()
        .satisfies(w -> assertThat(w.values).containsExactly("channel=EMAIL"));
  }
}
