package earshot.cli;

import earshot.connectors.kafka.KafkaConnection;
import earshot.lab.generator.InteractionGenerator;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends generated interactions to a Kafka topic as single-object Avro records, keyed by interaction
 * id and stamped with the time the interaction occurred: all at once ({@link #send}) or paced to the
 * wall clock ({@link #sendPaced}). Used by both demos and the pipeline benchmark. ({@code produce}
 * sends files instead, without record timestamps, through its own sink.)
 */
final class InteractionProducer {

  private InteractionProducer() {}

  /** Sends the generator's interactions to the topic, at most {@code limit} of them; returns how many. */
  static long send(InteractionGenerator generator, KafkaConnection kafka, String topic, long limit) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    long[] count = {0};
    try (KafkaProducer<byte[], byte[]> producer = KafkaTools.producer(kafka)) {
      generator.generate(interaction -> {
        if (count[0] < limit) {
          producer.send(record(topic, interaction, codec));
          count[0]++;
        }
      });
      producer.flush();
    }
    return count[0];
  }

  /**
   * Sends the generator's interactions as the wall clock reaches them, through the caller's
   * producer, while {@code keepGoing} holds; flushes at the end.
   *
   * @return whether every interaction was sent
   */
  static boolean sendPaced(InteractionGenerator generator, KafkaProducer<byte[], byte[]> producer, String topic,
      BooleanSupplier keepGoing) {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    boolean complete = generator.generatePaced(interaction -> producer.send(record(topic, interaction, codec)),
        keepGoing);
    producer.flush();
    return complete;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, Interaction interaction,
      SingleObjectCodec<Interaction> codec) {
    return new ProducerRecord<>(topic, null, interaction.getOccurredAt().toEpochMilli(),
        interaction.getInteractionId().getBytes(StandardCharsets.UTF_8), codec.encode(interaction));
  }
}
