package earshot.jobs.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.connectors.kafka.DeadLetters;
import earshot.connectors.kafka.DecodingDeserializer;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import earshot.jobs.io.CollectingSink;
import earshot.jobs.run.LocalRunner;
import earshot.schemas.Channel;
import earshot.schemas.DeadLetter;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/**
 * The enrich job as deployed ({@link EnrichJob#run} with its event time {@link EnrichJob#watermarks}),
 * built with an in-memory source and collecting sinks and run on a MiniCluster at parallelism 2.
 */
class EnrichJobTest {

  private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");
  private static final int PARTITIONS = 2;

  @Test
  void everyMessageEndsEnrichedOnceOrAsADeadLetterAndEachPartitionIsInEventTimeOrder() throws Exception {
    List<Either<DeadLetter, Interaction>> input = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Two sources interleaved, one running four seconds behind the other (within the out-of-orderness).
      Instant at = START.plus(Duration.ofSeconds(30L * i + (i % 2 == 0 ? 0 : -4)));
      input.add(Either.Right(Interaction.newBuilder().setInteractionId("i-" + i).setChannel(Channel.CHAT)
          .setOccurredAt(at).setNps(i % 11).setCustomerId("customer-" + (i % 7)).setEmail(i % 10 == 0 ? "jane.doe@example.com" : null)
          .setText(i % 10 == 0 ? "Please write to jane.doe@example.com, the parcel never came." : null).build()));
    }
    input.add(input.get(17)); // re-delivered
    input.add(Either.Left(DeadLetters.fromOther("decode", "not an interaction", "line-1",
        "{not json".getBytes(StandardCharsets.UTF_8))));
    EarshotConfig config = EarshotConfig.builder().put(Settings.PARALLELISM.key(), "2", "test").build();
    CollectingSink<EnrichedInteraction> topic = new CollectingSink<>();
    CollectingSink<EnrichedInteraction> index = new CollectingSink<>();
    CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();

    LocalRunner.run(EnrichJob.NAME, config, 0, false, (env, c) -> {
      DataStream<Either<DeadLetter, Interaction>> decoded = env
          .fromData(input, DecodingDeserializer.decodedType(Interaction.class)).uid("test-source").name("Messages")
          .assignTimestampsAndWatermarks(EnrichJob.watermarks(c, true)).uid("test-watermarks").name("Event time");
      EnrichJob.run(decoded, EnrichSettings.from(c), c.get(Settings.ENRICH_IDLENESS), new EnrichJob.Sinks(
          CollectingSink.named("test-topic", topic), PARTITIONS, List.of(CollectingSink.named("test-index", index)),
          CollectingSink.named("test-dead-letters", deadLetters)));
    });

    List<String> ids = topic.received().stream().map(e -> e.getInteraction().getInteractionId()).toList();
    assertThat(ids).hasSize(300).doesNotHaveDuplicates();
    assertThat(index.received()).hasSize(300);
    assertThat(deadLetters.received()).singleElement()
        .satisfies(letter -> assertThat(letter.getReason()).isEqualTo("not an interaction"));
    Map<Integer, List<Instant>> byPartition = topic.received().stream().collect(Collectors.groupingBy(
        e -> EnrichedPartitions.of(e.getInteraction().getInteractionId(), PARTITIONS),
        Collectors.mapping(e -> e.getInteraction().getOccurredAt(), Collectors.toList())));
    assertThat(byPartition).hasSize(PARTITIONS);
    byPartition.forEach((partition, times) -> assertThat(times).as("partition %d", partition).isSorted());
    assertThat(topic.received()).filteredOn(e -> e.getInteraction().getText() != null).hasSize(30).allSatisfy(e -> {
      assertThat(e.getInteraction().getText()).doesNotContain("jane.doe@example.com");
      assertThat(e.getInteraction().getEmail()).isNull();
      assertThat(e.getIdentifierKeys()).hasSize(1);
      assertThat(e.getCustomerKey()).isNotBlank();
    });
  }
}
