package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upgrade restores the keyed state an earlier release left in its savepoint. For each release recorded
 * under {@code src/test/resources/earshot/jobs/state/RELEASE/} ({@link StateFixtures}), each state's
 * serializer snapshot must be compatible with the current class (as is, or after migration: Flink then reads
 * with the old layout and writes with the new), and the value read back and written again must hold every
 * value the release saved: a field may be added, never dropped, renamed or changed.
 *
 * <p>Before a change to a state class is released, record the current release's state beside the others:
 * {@code mvn -pl jobs test -Dtest=StateUpgradeTest -Dearshot.state-fixtures=jobs/src/test/resources/earshot/jobs/state/COMMIT}
 * (from a checkout of that release; the fixtures class uses only API that older releases have).
 */
class StateUpgradeTest {

  /** Releases (their commits) whose state is recorded, oldest first. */
  private static final List<String> RELEASES = List.of("0907bde");

  static Stream<Arguments> recorded() {
    return RELEASES.stream().flatMap(release -> StateFixtures.TYPES.keySet().stream()
        .map(name -> Arguments.of(release, name)));
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("recorded")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aReleasesStateRestoresWithEveryValueItSaved(String release, String name) throws IOException {
    String base = "/earshot/jobs/state/" + release + "/" + name;
    TypeSerializerSnapshot saved = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(resource(base + ".snapshot")), getClass().getClassLoader());
    TypeSerializer current = StateFixtures.serializer(StateFixtures.TYPES.get(name));
    TypeSerializerSchemaCompatibility compatibility = current.snapshotConfiguration().resolveSchemaCompatibility(saved);
    assertThat(compatibility.isIncompatible()).as("%s of %s: incompatible with the current class", name, release)
        .isFalse();

    Object restored = saved.restoreSerializer().deserialize(new DataInputDeserializer(resource(base + ".bytes")));
    DataOutputSerializer rewritten = new DataOutputSerializer(1 << 16);
    current.serialize(restored, rewritten);
    Object migrated = current.deserialize(new DataInputDeserializer(rewritten.getCopyOfBuffer()));

    List<String> savedLines = new String(new GZIPInputStream(new ByteArrayInputStream(resource(base + ".fields.gz")))
        .readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    Set<String> now = new HashSet<>(StateDump.of(migrated));
    List<String> lost = savedLines.stream().filter(line -> !now.contains(line)).toList();
    assertThat(savedLines).as("values recorded").hasSizeGreaterThanOrEqualTo(5);
    assertThat(lost).as("%s of %s: values saved and not restored", name, release).isEmpty();
  }

  /** The fixtures' states survive the current serializers unchanged, so the dump compares what it should. */
  @Test
  void theCurrentStateRoundTripsThroughItsSerializers() throws IOException {
    Map<String, Object> samples = StateFixtures.samples();
    for (Map.Entry<String, Object> sample : samples.entrySet()) {
      @SuppressWarnings("unchecked")
      TypeSerializer<Object> serializer = (TypeSerializer<Object>) StateFixtures.serializer(
          StateFixtures.TYPES.get(sample.getKey()));
      DataOutputSerializer out = new DataOutputSerializer(1 << 16);
      serializer.serialize(sample.getValue(), out);
      Object back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(StateDump.of(back)).as(sample.getKey()).isEqualTo(StateDump.of(sample.getValue()));
    }
    assertThat(StateDump.of(samples.get("alert-groups"))).as("alert groups after the billing incident")
        .anyMatch(line -> line.startsWith("entries{") || line.startsWith("resolved{"));
    assertThat(StateDump.of(samples.get("series-global"))).as("the global series' slice watch")
        .anyMatch(line -> line.startsWith("sliceWatch.slices{touchpoint=billing}"));
    assertThat(StateDump.of(samples.get("window-accumulator"))).as("a window whose slice cap was reached")
        .noneMatch(line -> line.equals("breakdown.dropped=0"));
    assertThat(StateDump.of(samples.get("customer-journey"))).as("a degrading customer's journey")
        .contains("alertOpen=true", "valueTier=gold")
        .anyMatch(line -> line.startsWith("contacts[11].interactionId="))
        .anyMatch(line -> line.startsWith("followUps[0]."));
    assertThat(StateDump.of(samples.get("identity-entry"))).as("an identifier confirmed by the CRM, with a conflict")
        .contains("fromCrm=true", "reportedConflicts[0]=customer-b");
    assertThat(StateDump.of(samples.get("late-ledger"))).as("a late-record ledger with its alert open")
        .contains("track.open=true", "late=60");
  }

  /** Writes this version's fixtures where {@code -Dearshot.state-fixtures} says. */
  @Test
  @EnabledIfSystemProperty(named = "earshot.state-fixtures", matches = ".+")
  void recordsThisVersionsState() throws IOException {
    StateFixtures.write(Path.of(System.getProperty("earshot.state-fixtures")));
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = StateUpgradeTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }
}
