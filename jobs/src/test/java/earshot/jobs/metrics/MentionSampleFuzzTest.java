package earshot.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target for the windows' theme samples ({@link MentionSample}), which keep customer input:
 * dimension values (from any interaction) and themes (intents and key phrases read from its text).
 * Corpus: {@code src/test/resources/earshot/jobs/metrics/MentionSampleFuzzTestInputs/sample/}. Each input
 * line is one interaction: its touchpoint, region and theme, separated by tabs.
 *
 * <p>Invariants: each theme keeps at most {@link MentionSample#SIZE} mentions; every sampled mention lies
 * only in slices of an interaction that mentioned the theme; a copy (what a restore or a hand-over
 * reads) and a merge of the two halves give the same slices as the whole window.
 */
class MentionSampleFuzzTest {

  private static final SeriesCatalog CATALOG = SeriesCatalog.of(List.of("channel", "touchpoint", "region"), List.of());

  @FuzzTest
  void sample(byte[] input) {
    List<String> lines = new String(input, StandardCharsets.UTF_8).lines().limit(200).toList();
    Breakdown whole = new Breakdown();
    Breakdown first = new Breakdown();
    Breakdown second = new Breakdown();
    Set<String> terms = new HashSet<>();
    Set<String> slicesOfTexts = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).split("\t", -1);
      String term = fields.length > 2 ? fields[2] : "theme";
      Interaction interaction = Interaction.newBuilder().setInteractionId("i" + i).setChannel(Channel.CALL)
          .setOccurredAt(Instant.EPOCH).setTouchpoint(fields[0]).setRegion(fields.length > 1 ? fields[1] : null)
          .build();
      Observation o = new Observation();
      o.interactionId = interaction.getInteractionId();
      o.sliceKeys = CATALOG.sliceKeysFor(interaction);
      o.keyPhrases = List.of(term);
      Observation inSeries = o.inSeries(SeriesCatalog.GLOBAL, 0);
      whole.sampleMentions(inSeries);
      (i % 2 == 0 ? first : second).sampleMentions(inSeries);
      terms.add(term);
      List<String> keys = new ArrayList<>();
      for (String key : o.sliceKeys) {
        if (key != null) {
          keys.add(key);
        }
      }
      for (int a = 0; a < keys.size(); a++) {
        slicesOfTexts.add(keys.get(a));
        for (int b = a + 1; b < keys.size(); b++) {
          slicesOfTexts.add(keys.get(a) + "|" + keys.get(b));
        }
      }
    }
    first.merge(second, 0);
    Breakdown copy = whole.copy();
    for (String term : terms) {
      List<List<String>> sampled = whole.mentionSlices(term);
      assertThat(sampled).as(term).hasSizeLessThanOrEqualTo(MentionSample.SIZE);
      sampled.forEach(slices -> assertThat(slicesOfTexts).containsAll(slices));
      assertThat(copy.mentionSlices(term)).as(term).isEqualTo(sampled);
      assertThat(first.mentionSlices(term)).as(term).isEqualTo(sampled);
    }
  }
}
