package earshot.lab.realdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Fuzz target for public complaint logs converted by {@code generate --from-complaints} (CFPB and
 * Comcast layouts). Corpus: {@code src/test/resources/earshot/lab/realdata/ComplaintRowsFuzzTestInputs/read/}.
 *
 * <p>Invariants: a file either converts or is refused with a {@link ComplaintRows.MalformedRowException}
 * that gives a line number; converted interactions come in time order (ties by id), each with an
 * id, a time and a text, and each survives the JSON lines it is written as.
 */
class ComplaintRowsFuzzTest {

  @FuzzTest
  void read(byte[] input) throws IOException {
    List<Interaction> rows;
    try {
      rows = ComplaintRows.read(new BufferedReader(new StringReader(new String(input, StandardCharsets.UTF_8))));
    } catch (ComplaintRows.MalformedRowException refused) {
      assertThat(refused.getMessage()).matches("(?s)line \\d+: .+");
      return;
    }
    assertThat(rows).isSortedAccordingTo(
        Comparator.comparing(Interaction::getOccurredAt).thenComparing(Interaction::getInteractionId));
    for (Interaction row : rows) {
      assertThat(row.getInteractionId()).isNotBlank();
      assertThat(row.getOccurredAt()).isNotNull();
      assertThat(row.getText()).isNotNull();
      String line = JsonCodec.toJson(row);
      assertThat(line).doesNotContain("\n");
      assertThat(JsonCodec.fromJson(line, Interaction.class)).isEqualTo(row);
    }
  }
}
