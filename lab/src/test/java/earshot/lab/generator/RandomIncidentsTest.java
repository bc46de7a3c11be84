package earshot.lab.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import earshot.schemas.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class RandomIncidentsTest {

  private static final Instant START = InteractionGenerator.DEFAULT_START;

  @Test
  void incidentsAreReproducibleModerateAndPlacedAfterTheLearningTime() {
    List<RandomIncidents.Drawn> drawn = RandomIncidents.draw(5, START, Duration.ofDays(7), Duration.ofDays(2), 14);
    assertThat(RandomIncidents.draw(5, START, Duration.ofDays(7), Duration.ofDays(2), 14)).isEqualTo(drawn);
    assertThat(RandomIncidents.draw(6, START, Duration.ofDays(7), Duration.ofDays(2), 14)).isNotEqualTo(drawn);
    assertThat(drawn.stream().map(d -> d.incident().type()).distinct()).as("every type, twice")
        .containsExactlyInAnyOrderElementsOf(Incident.TYPES);
    for (RandomIncidents.Drawn d : drawn) {
      Incident incident = d.incident();
      assertThat(incident.start()).isAfterOrEqualTo(START.plus(Duration.ofDays(2)));
      assertThat(incident.end()).isBeforeOrEqualTo(START.plus(Duration.ofDays(7)));
      assertThat(Duration.between(incident.start(), incident.end())).isBetween(Duration.ofHours(3), Duration.ofHours(8));
      assertThat(incident.dimensions()).hasSizeBetween(1, 2);
      if (incident.type().equals("EMERGING_TOPIC")) {
        assertThat(d.ratio()).isBetween(0.05, 0.15);
        assertThat(incident.topic()).isNotBlank();
      } else {
        assertThat(d.ratio()).isBetween(1.3, 2.0);
      }
      if (incident.type().equals("SERVICE_LEVEL")) {
        assertThat(incident.dimensions()).containsKey("channel");
      }
    }
    assertThat(drawn).extracting(d -> d.incident().start()).isSorted();
  }

  @Test
  void aStreamTooShortForTheLearningTimeIsRefused() {
    assertThatThrownBy(() -> RandomIncidents.draw(1, START, Duration.ofDays(2), Duration.ofDays(2), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no room");
  }

  /** The drawn ratio is what the generated stream shows: measured on a day with and a day without. */
  @Test
  void theGeneratorsStreamShowsTheDrawnEffect() {
    assertThat(measured("DETRACTOR_SPIKE", 1.6, RandomIncidentsTest::detractorShare)).isCloseTo(1.6, within(0.12));
    assertThat(measured("NPS_DROP", 1.3, RandomIncidentsTest::detractorShare)).isCloseTo(1.3, within(0.1));
    assertThat(measured("VOLUME_SURGE", 1.5, stream -> stream.size())).isCloseTo(1.5, within(0.05));
    assertThat(measured("VOLUME_DROP", 1.8, stream -> stream.size())).as("usual over remaining contacts")
        .isCloseTo(1 / 1.8, within(0.03));
    assertThat(measured("SERVICE_LEVEL", 1.7, RandomIncidentsTest::meanWait)).isCloseTo(1.7, within(0.05));
  }

  /** The metric over a day with the incident against the same day generated without it. */
  private static double measured(String type, double ratio, ToDoubleFunction<List<Interaction>> metric) {
    Instant start = START.plus(Duration.ofHours(1));
    Incident incident = new Incident(type, Map.of(), start, start.plus(Duration.ofDays(1)),
        RandomIncidents.intensity(type, ratio, Map.of()), null);
    double with = metric.applyAsDouble(stream(List.of(incident)));
    double without = metric.applyAsDouble(stream(List.of()));
    return with / without;
  }

  private static List<Interaction> stream(List<Incident> incidents) {
    List<Interaction> out = new ArrayList<>();
    new InteractionGenerator(START, Duration.ofHours(26), 30, 3, incidents).generate(out::add);
    return out.subList(0, out.size()).stream().filter(i -> i.getOccurredAt().isAfter(START.plus(Duration.ofHours(1))))
        .toList();
  }

  private static double detractorShare(List<Interaction> stream) {
    List<Integer> answers = stream.stream().map(Interaction::getNps).filter(n -> n != null).toList();
    return answers.stream().filter(n -> n <= 6).count() / (double) answers.size();
  }

  private static double meanWait(List<Interaction> stream) {
    return stream.stream().map(Interaction::getWaitSeconds).filter(w -> w != null).mapToInt(Integer::intValue)
        .average().orElseThrow();
  }
}
