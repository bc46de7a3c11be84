package earshot.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.SingleObjectCodec;
import earshot.schemas.TermCount;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroRecordSerializerTest {

  @Test
  void keysByIdEncodesSingleObjectAndLeavesTheTimestampToPublication() {
    AvroRecordSerializer<TermCount> serializer =
        new AvroRecordSerializer<>("earshot.terms", TermCount.class, term -> term.getTerm().toString());
    TermCount element = TermCount.newBuilder().setTerm("late delivery").setCount(12).build();
    long weekOldEventTime = Instant.parse("2026-11-09T07:59:59.999Z").toEpochMilli();

    ProducerRecord<byte[], byte[]> record = serializer.serialize(element, null, weekOldEventTime);

    assertThat(record.topic()).isEqualTo("earshot.terms");
    assertThat(record.partition()).isNull();
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("late delivery");
    assertThat(SingleObjectCodec.of(TermCount.class).decode(record.value())).isEqualTo(element);
    // Not the element's event time: the topic's retention must count from when it was published.
    assertThat(record.timestamp()).isNull();
  }
}
