package earshot.jobs.signals;

import static earshot.jobs.signals.ChurnFixtures.ALICE;
import static earshot.jobs.signals.ChurnFixtures.BOB;
import static earshot.jobs.signals.ChurnFixtures.contact;
import static earshot.jobs.signals.ChurnFixtures.day;
import static earshot.jobs.signals.ChurnFixtures.of;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.identity.IdentityAnswer;
import earshot.jobs.identity.IdentityRequest;
import earshot.jobs.identity.IdentityRules;
import earshot.schemas.Channel;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity table: CRM mappings, links learned from interactions, conflicts counted and reported, unknown identifiers. */
class ResolveIdentitiesHarnessTest {

  private static final String EMAIL = "email:0123456789abcdef0123456789abcdef";
  private static final String PHONE = "phone:fedcba9876543210fedcba9876543210";

  private KeyedTwoInputStreamOperatorTestHarness<String, IdentityLink, IdentityRequest, IdentityAnswer> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new ResolveIdentities()),
        IdentityLink::getIdentifierKey, r -> r.identifierKey, Types.STRING);
    harness.open();
    // The identity input carries no event time: it is idle, interactions alone move the watermark.
    harness.processWatermarkStatus1(WatermarkStatus.IDLE);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static IdentityLink link(String identifier, String customer, IdentitySource source) {
    return IdentityLink.newBuilder().setIdentifierKey(identifier).setCustomerKey(customer).setSource(source)
        .setObservedAt(Instant.ofEpochMilli(day(0))).setInteractionId(source == IdentitySource.LINKED ? "i-0" : null).build();
  }

  private void lookup(String identifier, String interaction, double day) throws Exception {
    harness.processElement2(new StreamRecord<>(IdentityRequest.lookup(identifier, interaction, day(day), 0, 1,
        of(null, contact(interaction, day, Channel.EMAIL))), day(day)));
  }

  private void claim(String identifier, String customer, String interaction, double day) throws Exception {
    harness.processElement2(new StreamRecord<>(IdentityRequest.claim(identifier, interaction, day(day), customer), day(day)));
  }

  private void watermark(double day) throws Exception {
    harness.processWatermark2(new Watermark(day(day)));
  }

  private List<IdentityAnswer> answers() {
    return harness.extractOutputValues();
  }

  private List<IdentityLink> links() {
    ConcurrentLinkedQueue<StreamRecord<IdentityLink>> out = harness.getSideOutput(ResolveIdentities.LINKS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private List<CustomerSignal> conflicts() {
    ConcurrentLinkedQueue<StreamRecord<CustomerSignal>> out = harness.getSideOutput(ResolveIdentities.CONFLICTS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aCrmMappingAnswersALookupOnceTheWatermarkPassesIt() throws Exception {
    harness.processElement1(new StreamRecord<>(link(EMAIL, ALICE, IdentitySource.CRM)));
    lookup(EMAIL, "mail-1", 1);
    assertThat(answers()).as("waits for the watermark").isEmpty();
    watermark(1);
    assertThat(answers()).singleElement().satisfies(a -> {
      assertThat(a.customerKey).isEqualTo(ALICE);
      assertThat(a.interactionId).isEqualTo("mail-1");
      assertThat(a.contact.contact.interactionId).isEqualTo("mail-1");
    });
  }

  @Test
  void aLinkReadWhileALookupWaitsStillAnswersIt() throws Exception {
    lookup(EMAIL, "mail-1", 1);
    harness.processElement1(new StreamRecord<>(link(EMAIL, ALICE, IdentitySource.CRM)));
    watermark(2);
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).isEqualTo(ALICE));
  }

  @Test
  void anUnknownIdentifierIsAnsweredWithNobody() throws Exception {
    lookup(PHONE, "sms-1", 1);
    watermark(1);
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).isNull());
  }

  @Test
  void anIdentifierSeenWithItsCustomerIsLinkedAndPublished() throws Exception {
    claim(EMAIL, ALICE, "call-1", 1);
    lookup(EMAIL, "mail-2", 2);
    watermark(2);
    assertThat(links()).singleElement().satisfies(l -> {
      assertThat(l.getIdentifierKey()).isEqualTo(EMAIL);
      assertThat(l.getCustomerKey()).isEqualTo(ALICE);
      assertThat(l.getSource()).isEqualTo(IdentitySource.LINKED);
      assertThat(l.getInteractionId()).isEqualTo("call-1");
    });
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).isEqualTo(ALICE));
    // The link comes back from the identity topic: nothing changes, nothing is published again.
    harness.processElement1(new StreamRecord<>(links().get(0)));
    assertThat(links()).hasSize(1);
    assertThat(conflicts()).isEmpty();
  }

  @Test
  void anotherCustomersClaimIsNotMergedButCountedAndReportedOnce() throws Exception {
    harness.processElement1(new StreamRecord<>(link(EMAIL, ALICE, IdentitySource.CRM)));
    claim(EMAIL, BOB, "bob-call", 1);
    claim(EMAIL, BOB, "bob-call-2", 2);
    lookup(EMAIL, "mail-3", 3);
    watermark(3);
    assertThat(conflicts()).as("reported once per pair").singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo(CustomerSignalType.IDENTITY_CONFLICT);
      assertThat(c.getCustomerKey()).isEqualTo(ALICE);
      assertThat(c.getDetails()).containsEntry("otherCustomerKey", BOB).containsEntry("identifierKey", EMAIL)
          .containsEntry("resolution", IdentityRules.KEPT_EXISTING);
      assertThat(c.getInteractionIds()).containsExactly("bob-call");
    });
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).as("still Alice's").isEqualTo(ALICE));
    assertThat(links()).isEmpty();
  }

  @Test
  void aConflictingLinkIsRefusedAndTheMappingKeptIsPublishedAgain() throws Exception {
    harness.processElement1(new StreamRecord<>(link(EMAIL, ALICE, IdentitySource.CRM)));
    harness.processElement1(new StreamRecord<>(link(EMAIL, BOB, IdentitySource.LINKED)));
    assertThat(conflicts()).singleElement().satisfies(c -> assertThat(c.getDetails())
        .containsEntry("resolution", IdentityRules.KEPT_EXISTING));
    assertThat(links()).singleElement().satisfies(l -> {
      assertThat(l.getCustomerKey()).isEqualTo(ALICE);
      assertThat(l.getSource()).isEqualTo(IdentitySource.CRM);
    });
    lookup(EMAIL, "mail-4", 1);
    watermark(1);
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).isEqualTo(ALICE));
  }

  @Test
  void theCrmMovesAnIdentifierAndSaysSo() throws Exception {
    harness.processElement1(new StreamRecord<>(link(PHONE, ALICE, IdentitySource.CRM)));
    harness.processElement1(new StreamRecord<>(link(PHONE, BOB, IdentitySource.CRM)));
    assertThat(conflicts()).singleElement().satisfies(c -> {
      assertThat(c.getCustomerKey()).isEqualTo(BOB);
      assertThat(c.getDetails()).containsEntry("otherCustomerKey", ALICE)
          .containsEntry("resolution", IdentityRules.REASSIGNED_BY_CRM);
    });
    lookup(PHONE, "sms-2", 1);
    watermark(1);
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).isEqualTo(BOB));
  }

  @Test
  void theTableSurvivesASnapshotAndRestore() throws Exception {
    claim(EMAIL, ALICE, "call-1", 1);
    watermark(1);
    var snapshot = harness.snapshot(1, day(1));
    harness.close();
    harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new ResolveIdentities()),
        IdentityLink::getIdentifierKey, r -> r.identifierKey, Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    harness.processWatermarkStatus1(WatermarkStatus.IDLE);
    lookup(EMAIL, "mail-5", 2);
    watermark(2);
    assertThat(answers()).singleElement().satisfies(a -> assertThat(a.customerKey).isEqualTo(ALICE));
  }
  /**
   * A lookup of Alice's phone at day 1.2, sent on time, and a claim of it by Alice at day 1, sent half a day
   * late (the watermark stood at day 1.5): the late claim can reach the table before or after the watermark
   * passes the lookup. The customer each order answers, as they come and in watermark order.
   */
  private static List<String> answersWhenLateClaimComes(boolean beforeTheWatermark, boolean watermarkOrder)
      throws Exception {
    try (var h = new KeyedTwoInputStreamOperatorTestHarness<String, IdentityLink, IdentityRequest, IdentityAnswer>(
        new KeyedCoProcessOperator<>(new ResolveIdentities(watermarkOrder)), IdentityLink::getIdentifierKey,
        r -> r.identifierKey, Types.STRING)) {
      h.open();
      h.processWatermarkStatus1(WatermarkStatus.IDLE);
      IdentityRequest lookup = IdentityRequest.lookup("phone:alice", "message", day(1.2), 0, 1,
          of(null, contact("message", 1.2, Channel.EMAIL)));
      lookup.routedAtWatermark = day(1.1);
      IdentityRequest claim = IdentityRequest.claim("phone:alice", "call", day(1), ALICE);
      claim.routedAtWatermark = day(1.5);
      h.processElement2(new StreamRecord<>(lookup, lookup.at));
      if (beforeTheWatermark) {
        h.processWatermark2(new Watermark(day(1.1)));
        h.processElement2(new StreamRecord<>(claim, claim.at));
        h.processWatermark2(new Watermark(day(1.3)));
      } else {
        h.processWatermark2(new Watermark(day(1.3)));
        h.processElement2(new StreamRecord<>(claim, claim.at));
      }
      h.processWatermark2(new Watermark(day(2)));
      return h.extractOutputValues().stream().map(a -> a.interactionId + " -> " + a.customerKey).toList();
    }
  }

  @Test
  void inWatermarkOrderALateClaimReachesTheTableAtTheSamePointWhicheverWayItComes() throws Exception {
    List<String> afterTheWatermark = answersWhenLateClaimComes(false, true);
    assertThat(answersWhenLateClaimComes(true, true)).isEqualTo(afterTheWatermark)
        .containsExactly("message -> null");
    // Taken as it comes, the late claim answers the lookup on one path and not on the other.
    assertThat(answersWhenLateClaimComes(true, false)).containsExactly("message -> " + ALICE);
    assertThat(answersWhenLateClaimComes(false, false)).containsExactly("message -> null");
  }
}
