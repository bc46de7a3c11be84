package earshot.lab.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.churn.ChurnRiskModel;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.ChurnWeights;
import earshot.jobs.config.EarshotConfig;
import earshot.jobs.enrich.EnrichSettings;
import earshot.jobs.identity.IdentityHasher;
import earshot.lab.churn.ChurnReplay;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.generator.PlantedChurner;
import earshot.schemas.Interaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration learns from outcomes: on a generated stream whose cancellations follow one reason
 * (every customer whose contacts about one topic went unresolved twice cancels two days later) and
 * nothing else, the fitted weights put that reason first and rank the held-out customers better than
 * the built-in weights, which spread the score over every reason.
 */
class ChurnCalibrationTest {

  private static final long DAY = 86_400_000L;

  @TempDir
  Path dir;

  @Test
  void theReasonBehindTheCancellationsGetsTheWeightAndTheHeldOutRankingImproves() throws Exception {
    EarshotConfig config = EarshotConfig.defaults();
    ChurnSettings settings = ChurnSettings.from(config);
    EnrichSettings enrich = EnrichSettings.from(config);
    InteractionGenerator generator = new InteractionGenerator(Instant.parse("2026-11-02T00:00:00Z"), Duration.ofDays(30),
        2_000 / (60.0 * 24 * 3), 5, List.of());
    List<Interaction> stream = new ArrayList<>();
    generator.generate(stream::add);
    Path crm = dir.resolve("crm.csv");
    generator.writeCrmExport(crm);
    IdentityHasher hasher = enrich.identityHasher();
    Map<String, String> idByKey = new HashMap<>();
    for (String id : customerIds(stream)) {
      idByKey.put(hasher.customerKey(id), id);
    }

    // The truth: the first midnight a customer has a REPEAT_CONTACT reason, they cancel two days later.
    ChurnReplay.Result replay = new ChurnReplay(settings, enrich, true).run(stream, crm);
    Map<String, Long> cancelAt = new HashMap<>();
    for (ChurnReplay.Snapshot snapshot : replay.snapshots()) {
      snapshot.features().forEach((key, features) -> {
        if (features.containsKey("REPEAT_CONTACT") && idByKey.containsKey(key)) {
          cancelAt.putIfAbsent(key, snapshot.at() + 2 * DAY);
        }
      });
    }
    List<PlantedChurner> outcomes = new ArrayList<>();
    cancelAt.forEach((key, at) -> outcomes.add(new PlantedChurner(idByKey.get(key), null, Instant.ofEpochMilli(at),
        null, null, null)));
    assertThat(outcomes).as("customers who cancel").hasSizeGreaterThan(30);

    ChurnCalibration.Result result = new ChurnCalibration(settings, enrich).calibrate(stream, crm, outcomes,
        new ChurnCalibration.Options(Duration.ofDays(7), 0.3, 1.0, 20, Duration.ofDays(3)));

    ChurnWeights weights = result.weights();
    double repeat = weights.multiplier("REPEAT_CONTACT");
    for (String code : ChurnRiskModel.CODES) {
      if (!code.equals("REPEAT_CONTACT")) {
        assertThat(weights.multiplier(code)).as(code).isLessThan(repeat / 3);
      }
    }
    assertThat(result.after().score().dailyAuc()).as("held-out ROC AUC a day, after against before")
        .isGreaterThan(result.before().score().dailyAuc() + 0.05);
    assertThat(result.after().score().precisionAtK()).as("held-out precision of the top K")
        .isGreaterThanOrEqualTo(result.before().score().precisionAtK());

    // The file it writes is what the job reads.
    Path file = dir.resolve("churn.weights");
    Files.writeString(file, result.weightsFile("history.jsonl", "outcomes.csv"));
    ChurnWeights read = ChurnWeights.read(file);
    for (String code : ChurnRiskModel.CODES) {
      assertThat(read.multiplier(code)).as(code).isEqualTo(weights.multiplier(code));
    }
  }

  private static List<String> customerIds(List<Interaction> stream) {
    return stream.stream().map(Interaction::getCustomerId).filter(id -> id != null).distinct().toList();
  }
}
