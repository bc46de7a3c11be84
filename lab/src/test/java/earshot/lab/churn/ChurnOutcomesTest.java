package earshot.lab.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.lab.generator.PlantedChurner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnOutcomesTest {

  @TempDir
  Path dir;

  @Test
  void writtenOutcomesReadBack() throws Exception {
    Path file = dir.resolve("outcomes.csv");
    List<PlantedChurner> churners = List.of(
        new PlantedChurner("cust-1", null, Instant.parse("2026-11-21T14:05:00Z"), null, null, null),
        new PlantedChurner("acme, \"north\"", null, Instant.parse("2026-11-22T00:00:00Z"), null, null, null));
    ChurnOutcomes.write(file, churners);

    assertThat(ChurnOutcomes.read(file)).extracting(PlantedChurner::customerId, PlantedChurner::cancelledAt)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cust-1", Instant.parse("2026-11-21T14:05:00Z")),
            org.assertj.core.groups.Tuple.tuple("acme, \"north\"", Instant.parse("2026-11-22T00:00:00Z")));
  }

  @Test
  void aMissingColumnOrABadRecordIsNamed() throws Exception {
    Path noColumn = dir.resolve("a.csv");
    Files.writeString(noColumn, "customer,when\nx,2026-11-21T14:05:00Z\n");
    assertThatThrownBy(() -> ChurnOutcomes.read(noColumn)).hasMessageContaining("a.csv:1: expected columns customer_id");

    Path bad = dir.resolve("b.csv");
    Files.writeString(bad, "customer_id,cancelled_at\ncust-1,2026-11-21T14:05:00Z\n,2026-11-21T14:05:00Z\ncust-3,yesterday\n");
    assertThatThrownBy(() -> ChurnOutcomes.read(bad)).hasMessageContaining("record 3: empty customer_id")
        .hasMessageContaining("record 4: cancelled_at 'yesterday' is not an ISO-8601 instant");
  }
}
