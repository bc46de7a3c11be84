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
 * The window result's type: shared with the chained consumers rather than copied, which is safe only
 * because nothing changes a result once emitted, a late record included; its bytes are the POJO type's.
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
  void chainedConsumersShareTheResultInsteadOfCopyingIt() throws Exception {
    WindowResult original = window(new Random(11));
    assertThat(HAND.copy(original)).isSameAs(original);
    assertThat(HAND.copy(original, HAND.createInstance())).isSameAs(original);
  }

  @Test
  void aLateRecordLeavesTheResultAlreadyHandedOutAsItWas() throws Exception {
    Random random = new Random(5);
    AggregateMetrics aggregate = new AggregateMetrics(100);
    CxMetrics totals = aggregate.createAccumulator();
    for (int i = 0; i < 30; i++) {
      totals = aggregate.add(observation(random, "i-" + i), totals);
    }
    WindowResult handedOut = WindowResult.of("channel=CALL", 1_700_000_000_000L, 1_700_000_300_000L, 0, totals);
    WindowResult before = POJO.copy(handedOut);
    int slicesBefore = handedOut.breakdown.slices.size();

    // What a late record does to the window state: the window fires again with the new totals.
    CxMetrics updated = aggregate.add(observation(random, "late"), totals);
    assertThat(updated).isNotSameAs(totals);
    assertThat(updated.interactions).isEqualTo(31);
    assertThat(updated.breakdown.total.interactions).isEqualTo(31);
    assertThat(updated.breakdown.slices).containsKey("region=late-region");
    // Compared as Flink copies them: the breakdown's lookup caches (not state) are left out.
    assertThat(POJO.copy(handedOut)).usingRecursiveComparison().isEqualTo(before);
    assertThat(handedOut.breakdown.slices).hasSize(slicesBefore).doesNotContainKey("region=late-region");

    // Totals not handed out yet are updated in place, as before.
    CxMetrics fresh = aggregate.createAccumulator();
    assertThat(aggregate.add(observation(random, "first"), fresh)).isSameAs(fresh);
  }

  /** An observation in channel=CALL with a touchpoint and a region below it (a region of its own for "late"). */
  private static Observation observation(Random random, String id) {
    Observation o = new Observation();
    o.seriesKey = "channel=CALL";
    o.interactionId = id;
    o.nps = random.nextInt(11);
    o.sliceKeys = new String[] {null, "touchpoint=t" + random.nextInt(4),
        "region=" + (id.equals("late") ? "late-region" : "r" + random.nextInt(3))};
    o.seriesMask = 1;
    return o;
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
