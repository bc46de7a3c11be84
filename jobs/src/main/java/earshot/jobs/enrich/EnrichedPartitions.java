package earshot.jobs.enrich;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of the enriched topic an interaction is written to: the one Kafka's default
 * partitioner would choose for its id (murmur2 of the key's bytes), so that consumers keep finding
 * an interaction's records in one partition. The enrich job computes it itself because it keys its
 * ordering step by it: each partition must be written by one ordered stream.
 */
public final class EnrichedPartitions {

  private EnrichedPartitions() {}

  /** The partition, in {@code [0, partitions)}, of the interaction with this id. */
  public static int of(String interactionId, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    return Utils.toPositive(Utils.murmur2(interactionId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
