package earshot.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Channel;
import earshot.schemas.DeadLetter;
import earshot.schemas.Interaction;
import earshot.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DecodingDeserializerTest {

  private final DecodingDeserializer<Interaction> deserializer = new DecodingDeserializer<>(Interaction.class,
      bytes -> SingleObjectCodec.of(Interaction.class).decode(bytes), "decode");

  private List<Either<DeadLetter, Interaction>> read(byte[] key, byte[] value) {
    List<Either<DeadLetter, Interaction>> out = new ArrayList<>();
    deserializer.deserialize(new ConsumerRecord<>("earshot.interactions", 1, 42L, key, value), new Collector<>() {
      @Override
      public void collect(Either<DeadLetter, Interaction> record) {
        out.add(record);
      }

      @Override
      public void close() {}
    });
    return out;
  }

  @Test
  void aGoodMessageBecomesTheRecord() {
    Interaction interaction = Interaction.newBuilder().setInteractionId("a").setChannel(Channel.APP)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).build();
    assertThat(read(null, SingleObjectCodec.of(Interaction.class).encode(interaction)))
        .singleElement().satisfies(e -> assertThat(e.right()).isEqualTo(interaction));
  }

  @Test
  void aBadMessageBecomesADeadLetterWithItsBytesCoordinatesAndReason() {
    byte[] garbage = "garbage that is not avro".getBytes(StandardCharsets.UTF_8);
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    assertThat(read(key, garbage)).singleElement().satisfies(e -> {
      DeadLetter letter = e.left();
      assertThat(letter.getDeadLetterId()).isEqualTo("decode/earshot.interactions/1/42");
      assertThat(letter.getSourceTopic()).isEqualTo("earshot.interactions");
      assertThat(letter.getSourcePartition()).isEqualTo(1);
      assertThat(letter.getSourceOffset()).isEqualTo(42L);
      assertThat(letter.getReason()).contains("not Avro single-object encoding");
      byte[] payload = new byte[letter.getPayload().remaining()];
      letter.getPayload().duplicate().get(payload);
      assertThat(payload).isEqualTo(garbage);
      byte[] keyBytes = new byte[letter.getKey().remaining()];
      letter.getKey().duplicate().get(keyBytes);
      assertThat(keyBytes).isEqualTo(key);
    });
  }

  @Test
  void aTombstoneIsADeadLetterTooNotACrash() {
    assertThat(read(null, null)).singleElement()
        .satisfies(e -> assertThat(e.left().getReason()).contains("no value (tombstone)"));
  }
}
