package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class EnrichedPartitionsTest {

  @Test
  void choosesThePartitionKafkasDefaultPartitionerChoosesForTheKey() {
    for (String id : List.of("a", "interaction-1", "7f3c2e", "ünïcode-id", "")) {
      for (int partitions : new int[] {1, 2, 3, 12}) {
        assertThat(EnrichedPartitions.of(id, partitions))
            .as("%s over %d partitions", id, partitions)
            .isEqualTo(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
      }
    }
  }

  @Test
  void refusesNoPartitions() {
    assertThatThrownBy(() -> EnrichedPartitions.of("x", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
