package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SliceCounts;
import earshot.jobs.metrics.WindowResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The window result's hand-written copy against Flink's POJO copy: the same bytes, as deep, and the
 * type's bytes are the POJO type's.
 */
class HandCopiedTypeTest {

  private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();
  private static final TypeSerializer<WindowResult> POJO = TypeInformation.of(WindowResult.class).createSerializer(CONFIG);
  private static final TypeSerializer<WindowResult> HAND = SignalsJob.windowResultType().createSerializer(CONFIG);

  /** A window with NPS answers, texts, terms and a breakdown whose counts are all set, every field at random. */
  private static WindowResult window(Random random) throws IllegalAccessException {
    CxMetrics metrics = new CxMetrics();
    for (int i = 0; i < 40; i++) {
      Observation o = new Observation();
      o.seriesKey = "channel=CALL";
      o.interactionId = "i-" + i;
      o.occurredAt = 1_700_000_000_000L + i * 1_000L;
      o.nps = random.nextInt(11);
      o.analysed = true;
      o.sentimentScore = random.nextDouble() * 2 - 1;
      o.negative = o.sentimentScore < -0.3;
      o.transfers = random.nextInt(3);
      o.waitSeconds = random.nextInt(600);
      o.keyPhrases = List.of("phrase-" + random.nextInt(5));
      o.intents = List.of("intent-" + random.nextInt(3));
      o.text = "text " + i;
      metrics.add(o);
    }
    for (int s = 0; s < 30; s++) {
      metrics.breakdown.slices.put("touchpoint=t" + s + (s % 3 == 0 ? "|segment=x" : ""), randomCounts(random));
    }
    metrics.breakdown.total = randomCounts(random);
    metrics.breakdown.dropped = random.nextInt(9);
    return WindowResult.of("channel=CALL", 1_700_000_000_000L, 1_700_000_300_000L, random.nextInt(3), metrics);
  }

  /** Every double field set, found by reflection so that a field added later is covered too. */
  private static SliceCounts randomCounts(Random random) throws IllegalAccessException {
    SliceCounts counts = new SliceCounts();
    for (Field field : SliceCounts.class.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && field.getType() == double.class) {
        field.setDouble(counts, 1 + random.nextInt(1000));
      }
    }
    return counts;
  }

  private static byte[] bytes(TypeSerializer<WindowResult> serializer, WindowResult result) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(4096);
    serializer.serialize(result, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void theHandCopyHasTheSameContentAsFlinksCopy() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < 20; i++) {
      WindowResult original = window(random);
      WindowResult hand = HAND.copy(original);
      // Compared field by field, not as bytes: a copied HashMap may iterate in another order.
      assertThat(hand).usingRecursiveComparison().isEqualTo(POJO.copy(original)).isEqualTo(original);
      assertThat(HAND.copy(original, HAND.createInstance())).usingRecursiveComparison().isEqualTo(hand);
    }
  }

  @Test
  void theCopySharesNothingMutable() throws Exception {
    WindowResult original = window(new Random(5));
    WindowResult before = POJO.copy(original);
    WindowResult copy = HAND.copy(original);
    assertThat(copy).isNotSameAs(original);
    assertThat(copy.snapshot).isNotSameAs(original.snapshot);
    assertThat(copy.terms).isNotSameAs(original.terms);
    assertThat(copy.breakdown).isNotSameAs(original.breakdown);
    assertThat(copy.breakdown.total).isNotSameAs(original.breakdown.total);

    // What a late record does to the window state the original's breakdown belongs to.
    original.breakdown.slices.values().forEach(c -> c.interactions += 1);
    original.breakdown.slices.put("touchpoint=new", new SliceCounts());
    original.breakdown.total.detractors += 1;
    original.terms.put("phrase-new", 1L);
    original.snapshot.setInteractions(original.snapshot.getInteractions() + 1);
    original.snapshot.setTopKeyPhrases(List.of());
    assertThat(copy).usingRecursiveComparison().isEqualTo(before);
    assertThat(original).usingRecursiveComparison().isNotEqualTo(before);
  }

  @Test
  void itsBytesAreThePojoTypesBytes() throws Exception {
    WindowResult original = window(new Random(3));
    byte[] pojoBytes = bytes(POJO, original);
    assertThat(bytes(HAND, original)).isEqualTo(pojoBytes);
    WindowResult read = HAND.deserialize(new DataInputDeserializer(pojoBytes));
    assertThat(bytes(POJO, read)).isEqualTo(pojoBytes);
    assertThat(HAND.duplicate().createInstance()).isNotNull();
    assertThat(HAND.snapshotConfiguration().restoreSerializer().getClass()).isEqualTo(POJO.getClass());
  }

  @Test
  void nullIsCopiedAsNull() {
    assertThat(HAND.copy(null)).isNull();
  }
}
