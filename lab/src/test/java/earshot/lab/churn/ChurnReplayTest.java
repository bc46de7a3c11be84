package earshot.lab.churn;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.IdentitySettings;
import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.Interaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnReplayTest {

  private static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void contactsResolveThroughTheCrmExportAndTimersFireWithoutAContact() throws Exception {
    Path crm = dir.resolve("crm.csv");
    Files.writeString(crm, "customer_id,email,phone,social_handle\ncust-1,jane@example.net,,\n");
    Instant emailAt = T0.plus(Duration.ofHours(1));
    List<Interaction> stream = List.of(
        interaction("i-1", T0, Channel.SURVEY, "cust-1", null).setNps(10).build(),
        interaction("i-2", emailAt, Channel.EMAIL, null, "Jane@Example.net").setResolved(false).build(),
        interaction("i-3", T0.plus(Duration.ofHours(2)), Channel.SURVEY, "cust-1", null).setNps(2).build(),
        interaction("i-4", T0.plus(Duration.ofHours(3)), Channel.CALL, "cust-2", null).setNps(9).setResolved(true).build(),
        interaction("i-5", T0.plus(Duration.ofHours(4)), Channel.EMAIL, null, "nobody@example.org").build(),
        interaction("i-6", T0.plus(Duration.ofDays(3)), Channel.CALL, "cust-2", null).setResolved(true).build());
    EarshotConfig config = EarshotConfig.defaults();
    IdentityHasher hasher = IdentitySettings.hasher(config);

    ChurnReplay.Result result = new ChurnReplay(config).run(stream, crm);

    String jane = hasher.customerKey("cust-1");
    String other = hasher.customerKey("cust-2");
    assertThat(result.traces()).containsOnlyKeys(jane, other);
    assertThat(result.contacts()).isEqualTo(5);
    assertThat(result.anonymous()).as("an address nobody knows").isEqualTo(1);
    // The e-mail of 10:00 waits past its service level (1 day): the score rises then, with no contact.
    long deadline = emailAt.plus(Duration.ofDays(1)).toEpochMilli();
    ChurnReplay.Trace trace = result.traces().get(jane);
    double before = trace.lastScoreBefore(deadline);
    double after = trace.lastScoreBefore(deadline + 1);
    assertThat(before).as("a promoter turned detractor").isGreaterThan(15);
    assertThat(after - before).as("the unanswered e-mail").isGreaterThan(15);
    assertThat(trace.negativesBefore(deadline, Duration.ofDays(30).toMillis())).as("the detractor answer").isEqualTo(1);
    // Midnight snapshots of every known customer.
    assertThat(result.snapshots()).extracting(ChurnReplay.Snapshot::at)
        .containsExactly(at("2026-11-03T00:00:00Z"), at("2026-11-04T00:00:00Z"), at("2026-11-05T00:00:00Z"));
    ChurnReplay.Snapshot second = result.snapshots().get(1);
    assertThat(second.scores()).containsOnlyKeys(jane, other);
    assertThat(second.scores().get(jane)).isGreaterThan(second.scores().get(other));
  }

  @Test
  void anAngryRequestToCancelWithATransferHeavyCallOpensAnAlert() throws Exception {
    List<Interaction> stream = List.of(
        interaction("i-1", T0, Channel.SURVEY, "cust-7", null).setNps(9).build(),
        interaction("i-2", T0.plus(Duration.ofHours(1)), Channel.SURVEY, "cust-7", null).setNps(1).build(),
        interaction("i-3", T0.plus(Duration.ofHours(2)), Channel.CALL, "cust-7", null).setTransfers(3).setResolved(false)
            .setTouchpoint("billing").build(),
        interaction("i-4", T0.plus(Duration.ofHours(3)), Channel.CHAT, "cust-7", null).setResolved(false)
            .setTouchpoint("billing")
            .setText("This is a disgrace, I want to cancel my contract now, worst service ever").setLanguage("en").build());
    EarshotConfig config = EarshotConfig.defaults();
    ChurnReplay.Result result = new ChurnReplay(config).run(stream, null);
    String key = IdentitySettings.hasher(config).customerKey("cust-7");
    assertThat(result.flags()).containsOnlyKeys(key);
    assertThat(result.flags().get(key).reasons()).contains("PROMOTER_TO_DETRACTOR");
    assertThat(result.alerts()).isNotEmpty();
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static Interaction.Builder interaction(String id, Instant at, Channel channel, String customerId, String email) {
    return Interaction.newBuilder().setInteractionId(id).setChannel(channel).setOccurredAt(at).setCustomerId(customerId)
        .setEmail(email).setDirection(Direction.INBOUND).setConsent(true).setTouchpoint("support");
  }
}
