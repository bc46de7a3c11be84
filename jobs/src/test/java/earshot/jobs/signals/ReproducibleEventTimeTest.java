package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.schemas.EnrichedInteraction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/** A replay's event time: the live strategy's watermark values, moved by records alone, never by the clock. */
class ReproducibleEventTimeTest {

  @Test
  void eachRecordThatRaisesTheWatermarkEmitsItAndTimePassingEmitsNothing() {
    SignalsSettings settings = SignalsSettings.from(EarshotConfig.defaults()).forReplay();
    long slack = settings.outOfOrderness().toMillis() + 1;
    WatermarkGenerator<EnrichedInteraction> generator =
        SignalsJob.reproducibleEventTime(settings).createWatermarkGenerator(null);
    List<Long> emitted = new ArrayList<>();
    WatermarkOutput output = new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark watermark) {
        emitted.add(watermark.getTimestamp());
      }

      @Override
      public void markIdle() {
        emitted.add(Long.MIN_VALUE);
      }

      @Override
      public void markActive() {}
    };
    generator.onEvent(null, 600_000, output);
    generator.onPeriodicEmit(output);
    generator.onEvent(null, 300_000, output); // out of order: the watermark stays
    generator.onEvent(null, 600_000, output); // the same time: nothing new
    generator.onEvent(null, 900_000, output);
    for (int i = 0; i < 10; i++) {
      generator.onPeriodicEmit(output); // however long the replay takes, never idle and never moved
    }
    assertThat(emitted).containsExactly(600_000 - slack, 900_000 - slack);
    assertThat(settings.reproducible()).isTrue();
    assertThat(SignalsSettings.from(EarshotConfig.defaults()).reproducible()).as("live jobs").isFalse();
  }
}
