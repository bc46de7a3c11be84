package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionBenchCommandTest {

  @TempDir
  Path dir;

  @Test
  void theStreamIsWrittenWholeBehindTwoStrayCopiesOfItsFirstInteractionsADayEarly() throws Exception {
    InteractionGenerator generator = new InteractionGenerator(InteractionGenerator.DEFAULT_START, Duration.ofHours(3), 5,
        4, List.of());
    List<Interaction> expected = new ArrayList<>();
    generator.generate(expected::add);
    Path file = dir.resolve("stream.jsonl");

    long lines = DetectionBenchCommand.write(generator, file);

    List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).isEqualTo(written.size()).isEqualTo(expected.size() + 2);
    for (int i = 0; i < 2; i++) {
      Interaction stray = JsonCodec.fromJson(written.get(i), Interaction.class);
      assertThat(stray.getInteractionId()).isEqualTo("stray-" + expected.get(i).getInteractionId());
      assertThat(stray.getOccurredAt()).isEqualTo(expected.get(i).getOccurredAt().minus(Duration.ofDays(1)));
    }
    assertThat(written.subList(2, written.size())).containsExactlyElementsOf(
        expected.stream().map(JsonCodec::toJson).toList());
  }
}
