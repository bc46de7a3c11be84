package earshot.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

  @Test
  void everyMessageTypeRoundTrips() {
    assertThat(roundTrip(SampleRecords.interaction(), Interaction.class)).isEqualTo(SampleRecords.interaction());
    assertThat(roundTrip(SampleRecords.enriched(), EnrichedInteraction.class)).isEqualTo(SampleRecords.enriched());
    assertThat(roundTrip(SampleRecords.alert(), Alert.class)).isEqualTo(SampleRecords.alert());
    assertThat(roundTrip(SampleRecords.deadLetter(), DeadLetter.class)).isEqualTo(SampleRecords.deadLetter());
    assertThat(roundTrip(SampleRecords.metric(), MetricSnapshot.class)).isEqualTo(SampleRecords.metric());
    assertThat(roundTrip(SampleRecords.identityLink(), IdentityLink.class)).isEqualTo(SampleRecords.identityLink());
    assertThat(roundTrip(SampleRecords.customerSignal(), CustomerSignal.class)).isEqualTo(SampleRecords.customerSignal());
  }

  @Test
  void messagesCarryTheSingleObjectHeader() {
    byte[] bytes = SingleObjectCodec.of(Interaction.class).encode(SampleRecords.interaction());
    assertThat(bytes[0] & 0xFF).isEqualTo(0xC3);
    assertThat(bytes[1] & 0xFF).isEqualTo(0x01);
  }

  @Test
  void rejectsBytesThatAreNotSingleObjectEncoded() {
    SingleObjectCodec<Interaction> codec = SingleObjectCodec.of(Interaction.class);
    assertThatThrownBy(() -> codec.decode("{\"interactionId\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("not Avro single-object encoding");
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("empty message");
  }

  @Test
  void rejectsAnotherRecordTypesFingerprint() {
    byte[] alert = SingleObjectCodec.of(Alert.class).encode(SampleRecords.alert());
    assertThatThrownBy(() -> SingleObjectCodec.of(Interaction.class).decode(alert))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("unknown writer schema fingerprint");
  }

  @Test
  void rejectsTruncatedBody() {
    byte[] bytes = SingleObjectCodec.of(Interaction.class).encode(SampleRecords.interaction());
    byte[] truncated = Arrays.copyOf(bytes, 20);
    assertThatThrownBy(() -> SingleObjectCodec.of(Interaction.class).decode(truncated))
        .isInstanceOf(RecordFormatException.class).hasMessageContaining("corrupt Interaction body");
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T roundTrip(T record, Class<T> type) {
    SingleObjectCodec<T> codec = SingleObjectCodec.of(type);
    return codec.decode(codec.encode(record));
  }
}
