package earshot.jobs.signals;

import static earshot.jobs.signals.ChurnFixtures.ALICE;
import static earshot.jobs.signals.ChurnFixtures.BOB;
import static earshot.jobs.signals.ChurnFixtures.DAY;
import static earshot.jobs.signals.ChurnFixtures.contact;
import static earshot.jobs.signals.ChurnFixtures.day;
import static earshot.jobs.signals.ChurnFixtures.of;
import static earshot.jobs.signals.ChurnFixtures.withIntents;
import static earshot.jobs.signals.ChurnFixtures.withNps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import earshot.jobs.churn.ChurnIntent;
import earshot.jobs.churn.ChurnSettings;
import earshot.jobs.churn.CustomerContact;
import earshot.jobs.churn.Contact;
import earshot.jobs.churn.CustomerJourney;
import earshot.jobs.churn.LoopEvent;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.Channel;
import earshot.schemas.CustomerProfile;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import earshot.schemas.Direction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journeys operator: event-time order, timers that fire without input, end of input, state TTL. */
class TrackJourneysHarnessTest {

  private static final ChurnSettings SETTINGS = ChurnSettings.defaults();

  private KeyedOneInputStreamOperatorTestHarness<String, CustomerContact, Alert> harness;

  @BeforeEach
  void open() throws Exception {
    harness = harness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, CustomerContact, Alert> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new TrackJourneys(SETTINGS)),
        c -> c.customerKey, Types.STRING);
  }

  private void send(CustomerContact contact) throws Exception {
    harness.processElement(new StreamRecord<>(contact, contact.contact.at));
  }

  /** Customer signals other than follow-ups (those are checked by {@link #followUpSignals}). */
  private List<CustomerSignal> signals() {
    return allSignals().stream().filter(s -> !isFollowUp(s)).toList();
  }

  private List<CustomerSignal> followUpSignals() {
    return allSignals().stream().filter(TrackJourneysHarnessTest::isFollowUp).toList();
  }

  private static boolean isFollowUp(CustomerSignal s) {
    return s.getType() == CustomerSignalType.FOLLOW_UP_DUE || s.getType() == CustomerSignalType.FOLLOW_UP_OVERDUE
        || s.getType() == CustomerSignalType.LOOP_CLOSED;
  }

  private List<CustomerSignal> allSignals() {
    return harness.getSideOutput(TrackJourneys.SIGNALS) == null ? List.of()
        : harness.getSideOutput(TrackJourneys.SIGNALS).stream().map(StreamRecord::getValue).toList();
  }

  private List<LoopEvent> loopEvents() {
    return harness.getSideOutput(TrackJourneys.LOOP_EVENTS) == null ? List.of()
        : harness.getSideOutput(TrackJourneys.LOOP_EVENTS).stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void followUpsOpenCloseAndGoOverdueByTimerAcrossARestore() throws Exception {
    // Alice complains by phone (service level 1 day) and is called back 12 hours later.
    Contact complaint = withIntents(contact("alice-complaint", 0, Channel.CALL), ChurnIntent.COMPLAINT);
    complaint.team = "care-voice";
    send(of(ALICE, complaint));
    Contact callBack = contact("alice-call-back", 0.5, Channel.CALL);
    callBack.direction = Direction.OUTBOUND;
    send(of(ALICE, callBack));
    // Bob answers a survey as a detractor (service level 2 days) and hears nothing.
    send(of(BOB, withNps(contact("bob-survey", 0.25, Channel.SURVEY), 4)));
    assertThat(followUpSignals()).as("nothing before the watermark passes the contacts").isEmpty();

    harness.processWatermark(day(1));
    assertThat(followUpSignals()).extracting(CustomerSignal::getType, CustomerSignal::getCustomerKey)
        .containsExactlyInAnyOrder(tuple(CustomerSignalType.FOLLOW_UP_DUE, ALICE),
            tuple(CustomerSignalType.LOOP_CLOSED, ALICE), tuple(CustomerSignalType.FOLLOW_UP_DUE, BOB));
    CustomerSignal closed = followUpSignals().stream()
        .filter(s -> s.getType() == CustomerSignalType.LOOP_CLOSED).findFirst().orElseThrow();
    assertThat(closed.getInteractionIds()).containsExactly("alice-complaint", "alice-call-back");
    assertThat(closed.getDetails()).containsEntry("minutesToClose", "720").containsEntry("inTime", "true")
        .containsEntry("team", "care-voice");

    // Bob's follow-up survives a snapshot and its timer fires after the restore, with no input.
    OperatorSubtaskState snapshot = harness.snapshot(1, day(1));
    harness.close();
    harness = harness();
    harness.initializeState(snapshot);
    harness.open();
    harness.processWatermark(day(2.25) - 1);
    assertThat(followUpSignals()).isEmpty();
    harness.processWatermark(day(2.25));
    assertThat(followUpSignals()).singleElement().satisfies(s -> {
      assertThat(s.getType()).isEqualTo(CustomerSignalType.FOLLOW_UP_OVERDUE);
      assertThat(s.getCustomerKey()).isEqualTo(BOB);
      assertThat(s.getOccurredAt().toEpochMilli()).isEqualTo(day(2.25));
    });
    assertThat(loopEvents()).singleElement().satisfies(e -> {
      assertThat(e.kind).isEqualTo(LoopEvent.Kind.OVERDUE);
      assertThat(e.at).isEqualTo(day(2.25));
    });
    assertThat(journeyOf(BOB).followUps).singleElement().satisfies(f -> assertThat(f.overdue).isTrue());

    // A late response closes it, late; nothing is closed twice.
    Contact lateCall = contact("bob-late-call", 3, Channel.CALL);
    lateCall.direction = Direction.OUTBOUND;
    send(of(BOB, lateCall));
    send(of(BOB, lateCall));
    harness.processWatermark(day(4));
    assertThat(followUpSignals()).filteredOn(s -> s.getType() == CustomerSignalType.LOOP_CLOSED).singleElement()
        .satisfies(s -> assertThat(s.getDetails()).containsEntry("inTime", "false"));
    assertThat(loopEvents()).extracting(e -> e.kind).containsExactly(LoopEvent.Kind.OVERDUE, LoopEvent.Kind.CLOSED);
    assertThat(journeyOf(BOB).followUps).isEmpty();
  }

  @Test
  void contactsArrivingOutOfOrderAreTakenInEventTimeOrder() throws Exception {
    // The detractor answer arrives first, the promoter answer it follows arrives later.
    send(of(ALICE, withNps(contact("late-survey", 2, Channel.SURVEY), 2)));
    send(of(ALICE, withNps(contact("early-survey", 1, Channel.SURVEY), 10)));
    assertThat(signals()).as("nothing before the watermark passes").isEmpty();
    harness.processWatermark(day(2));
    assertThat(signals()).singleElement().satisfies(s -> {
      assertThat(s.getType()).isEqualTo(CustomerSignalType.PROMOTER_TO_DETRACTOR);
      assertThat(s.getInteractionIds()).containsExactly("early-survey", "late-survey");
      assertThat(s.getCustomerKey()).isEqualTo(ALICE);
    });
  }

  private List<CustomerProfile> profiles() {
    return harness.getSideOutput(TrackJourneys.PROFILES) == null ? List.of()
        : harness.getSideOutput(TrackJourneys.PROFILES).stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void eachCustomerGetsAProfileAfterItsContactsAndAfterAMaterialChangeInTimeNotOnEveryTimer() throws Exception {
    CustomerContact call = of(ALICE, withNps(withIntents(contact("call", 0, Channel.CALL), ChurnIntent.CANCELLATION), 3));
    call.contact.sentiment = -0.8f;
    call.customerId = "C-1001";
    send(call);
    CustomerContact mail = of(ALICE, contact("mail", 0.1, Channel.EMAIL));
    mail.contact.touchpoint = "support";
    send(mail);
    send(of(BOB, contact("bob-call", 0.1, Channel.CALL)));
    assertThat(profiles()).as("nothing before the watermark passes the contacts").isEmpty();
    harness.processWatermark(day(0.2));
    // One profile per contact taken (the two of Alice come at different times), one for Bob.
    assertThat(profiles()).extracting(CustomerProfile::getCustomerKey).containsExactlyInAnyOrder(ALICE, ALICE, BOB);
    CustomerProfile afterMail = profiles().stream().filter(p -> p.getCustomerKey().equals(ALICE)).toList().get(1);
    assertThat(afterMail.getUpdatedAt().toEpochMilli()).isEqualTo(day(0.1));
    assertThat(afterMail.getCustomerId()).isEqualTo("C-1001");
    assertThat(afterMail.getLastContacts()).extracting(f -> f.getInteractionId()).containsExactly("mail", "call");
    assertThat(afterMail.getAlertOpen()).isFalse();

    // A re-delivered e-mail changes nothing and writes nothing.
    send(of(ALICE, mail.contact));
    harness.processWatermark(day(0.3));
    assertThat(profiles()).hasSize(3);

    // Time alone passes the e-mail's service level: the alert opens, and the profile shows it.
    harness.processWatermark(day(1.1) + 1);
    assertThat(profiles()).hasSize(4);
    CustomerProfile opened = profiles().get(3);
    Alert alert = harness.extractOutputValues().get(0);
    assertThat(opened.getCustomerKey()).isEqualTo(ALICE);
    assertThat(opened.getUpdatedAt()).isEqualTo(alert.getUpdatedAt());
    assertThat(opened.getAlertId()).isEqualTo(alert.getAlertId());
    assertThat(opened.getAlertState()).isEqualTo(AlertState.OPEN);
    assertThat(opened.getAlertOpen()).isTrue();
    assertThat(opened.getRiskScore()).isEqualTo(alert.getObserved());
    assertThat(opened.getNextStep()).isEqualTo(alert.getNextStep());
    assertThat(opened.getReasons()).extracting(r -> r.getCode()).contains("UNANSWERED_MESSAGE", "CANCEL_INTENT");

    // Further timers that change the score by less than the material points write nothing; each write
    // is at or after the previous one of the same customer in event time.
    int timersFired = 0;
    for (double d = 1.2; d < 40; d += 0.5) {
      harness.processWatermark(day(d));
      timersFired++;
    }
    List<CustomerProfile> alices = profiles().stream().filter(p -> p.getCustomerKey().equals(ALICE)).toList();
    assertThat(alices.size() - 3).as("profiles written by time alone, of %d watermarks", timersFired)
        .isLessThan(timersFired / 4);
    for (int i = 1; i < alices.size(); i++) {
      assertThat(alices.get(i).getUpdatedAt()).isAfterOrEqualTo(alices.get(i - 1).getUpdatedAt());
    }
    CustomerProfile latest = alices.get(alices.size() - 1);
    assertThat(latest.getAlertState()).as("the alert resolves as its reasons age").isEqualTo(AlertState.RESOLVED);
    assertThat(latest.getAlertOpen()).isFalse();
  }

  @Test
  void anUnansweredMessageRaisesTheAlertFromItsTimerWithNoFurtherInput() throws Exception {
    CustomerContact call = of(ALICE, withNps(withIntents(contact("call", 0, Channel.CALL), ChurnIntent.CANCELLATION), 3));
    call.contact.sentiment = -0.8f;
    call.customerId = "C-1001";
    send(call);
    // Her e-mail was found through her address: it carries no customer id.
    CustomerContact mail = of(ALICE, contact("mail", 0.1, Channel.EMAIL));
    mail.contact.touchpoint = "support";
    mail.contact.team = "billing-desk";
    send(mail);
    harness.processWatermark(day(0.2));
    assertThat(harness.extractOutputValues()).as("45 + 10 points: below the threshold").isEmpty();
    assertThat(harness.numEventTimeTimers()).as("the e-mail's service level").isEqualTo(1);

    // Nothing arrives; only event time passes the e-mail's deadline (one day).
    harness.processWatermark(day(1.1) + 1);
    List<Alert> alerts = harness.extractOutputValues();
    assertThat(alerts).singleElement().satisfies(alert -> {
      assertThat(alert.getState()).isEqualTo(AlertState.OPEN);
      assertThat(alert.getCustomerKey()).isEqualTo(ALICE);
      assertThat(alert.getUpdatedAt().toEpochMilli()).isEqualTo(day(1.1));
      assertThat(alert.getReasons()).extracting(r -> r.getCode()).contains("UNANSWERED_MESSAGE", "CANCEL_INTENT");
      assertThat(alert.getReasons()).filteredOn(r -> r.getCode().equals("UNANSWERED_MESSAGE")).singleElement()
          .satisfies(r -> assertThat(r.getInteractionIds()).containsExactly("mail"));
      // Whom to call and what to do: the id her call gave, the step for the top reason, where she last came from.
      assertThat(alert.getCustomerId()).isEqualTo("C-1001");
      assertThat(alert.getNextStep())
          .isEqualTo("Hand over to retention today: the customer asked to cancel in the call of 2 Nov.");
      assertThat(alert.getLastContactChannel()).isEqualTo(Channel.EMAIL);
      assertThat(alert.getLastContactTeam()).isEqualTo("billing-desk");
    });
    assertThat(signals()).extracting(CustomerSignal::getType).contains(CustomerSignalType.CHURN_RISK_RAISED);
  }

  @Test
  void aComplaintFollowedBySilenceIsFoundByItsTimer() throws Exception {
    send(of(BOB, withIntents(contact("complaint", 0, Channel.CALL), ChurnIntent.COMPLAINT)));
    harness.processWatermark(day(0.5));
    harness.processWatermark(day(3) + 1);
    // No alert (15 points), but the timer fired: the journey now knows the silence.
    CustomerJourney journey = journeyOf(BOB);
    assertThat(journey.lastEvaluatedAt).isEqualTo(day(3));
    assertThat(journey.lastScore).isEqualTo(15.0);
  }

  @Test
  void theEndOfTheInputIsNotSilence() throws Exception {
    send(of(BOB, withIntents(contact("complaint", 0, Channel.CALL), ChurnIntent.COMPLAINT)));
    harness.processWatermark(Long.MAX_VALUE);
    CustomerJourney journey = journeyOf(BOB);
    assertThat(journey.contacts).hasSize(1);
    assertThat(journey.lastEvaluatedAt).as("only the contact was evaluated").isEqualTo(day(0));
  }

  @Test
  void atTheEndOfTheInputTimeHasPassedUpToTheLatestContactHoweverFarTheWatermarkHadGot() throws Exception {
    // The same input twice: once the periodic watermark followed it, once the input ended before any
    // watermark past its start was emitted (a fast bounded replay). BOB's silence after his complaint
    // (due on day 3) is known either way, because ALICE wrote on day 5.
    List<CustomerJourney> bobs = new java.util.ArrayList<>();
    for (boolean watermarkFollowed : List.of(true, false)) {
      try (var run = harness()) {
        run.open();
        CustomerContact complaint = of(BOB, withIntents(contact("complaint", 0, Channel.CALL), ChurnIntent.COMPLAINT));
        run.processElement(new StreamRecord<>(complaint, complaint.contact.at));
        CustomerContact later = of(ALICE, contact("call", 5, Channel.CALL));
        run.processElement(new StreamRecord<>(later, later.contact.at));
        if (watermarkFollowed) {
          run.processWatermark(day(5));
        }
        run.processWatermark(Long.MAX_VALUE);
        bobs.add(journeyOf(run, BOB));
      }
    }
    assertThat(bobs).allSatisfy(journey -> {
      assertThat(journey.lastEvaluatedAt).isEqualTo(day(3));
      assertThat(journey.lastScore).isEqualTo(15.0);
    });
  }

  @Test
  void anIdleCustomersStateExpiresAndIsGoneFromSnapshots() throws Exception {
    harness.setStateTtlProcessingTime(0);
    send(of(ALICE, withNps(contact("survey", 0, Channel.SURVEY), 10)));
    send(of(BOB, contact("call", 0, Channel.CALL)));
    harness.processWatermark(day(1));
    assertThat(journeyOf(ALICE)).isNotNull();

    // Bob comes back after 80 days, Alice never does: 90 days after her last contact her state has expired.
    harness.setStateTtlProcessingTime(Duration.ofDays(80).toMillis());
    send(of(BOB, contact("call-2", 80, Channel.CALL)));
    harness.processWatermark(day(81));
    harness.setStateTtlProcessingTime(Duration.ofDays(91).toMillis());
    assertThat(journeyOf(ALICE)).as("Alice's journey after the TTL").isNull();
    assertThat(journeyOf(BOB)).as("Bob's, refreshed by his contact").isNotNull();

    OperatorSubtaskState snapshot = harness.snapshot(1, day(81));
    harness.close();
    harness = harness();
    harness.setStateTtlProcessingTime(Duration.ofDays(91).toMillis());
    harness.initializeState(snapshot);
    harness.open();
    assertThat(journeyOf(BOB)).isNotNull();
    assertThat(journeyOf(ALICE)).isNull();
    assertThat(harness.numKeyedStateEntries()).as("only Bob's journey is left in the snapshot").isEqualTo(1);

    // Alice writes again: her journey starts afresh, without the promoter answer she gave 95 days ago.
    send(of(ALICE, withNps(contact("survey-2", 95, Channel.SURVEY), 2)));
    harness.processWatermark(day(96));
    assertThat(signals()).noneMatch(s -> s.getType() == CustomerSignalType.PROMOTER_TO_DETRACTOR);
    assertThat(journeyOf(ALICE).contacts).extracting(c -> c.interactionId).containsExactly("survey-2");
  }

  @Test
  void theJourneySurvivesASnapshotAndRestore() throws Exception {
    send(of(ALICE, withNps(contact("s1", 0, Channel.SURVEY), 10)));
    harness.processWatermark(day(0.5));
    OperatorSubtaskState snapshot = harness.snapshot(1, day(0.5));
    harness.close();
    harness = harness();
    harness.initializeState(snapshot);
    harness.open();
    send(of(ALICE, withNps(contact("s2", 3, Channel.SURVEY), 1)));
    harness.processWatermark(day(4));
    assertThat(signals()).extracting(CustomerSignal::getType).containsExactly(CustomerSignalType.PROMOTER_TO_DETRACTOR);
  }

  /** The journey of a customer as the operator would read it now (TTL applied). */
  private CustomerJourney journeyOf(String customer) throws Exception {
    return journeyOf(harness, customer);
  }

  private static CustomerJourney journeyOf(KeyedOneInputStreamOperatorTestHarness<String, CustomerContact, Alert> harness,
      String customer) throws Exception {
    AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getOperator();
    operator.setCurrentKey(customer);
    ValueStateDescriptor<CustomerJourney> descriptor = new ValueStateDescriptor<>("journey",
        TypeInformation.of(CustomerJourney.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(SETTINGS.stateTtl())
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupFullSnapshot()
        .build());
    ValueState<CustomerJourney> state = operator.getKeyedStateStore().getState(descriptor);
    return state.value();
  }
  /**
   * Alice's survey (day 1) was routed on time, her complaint (day 0.5) came half a day late, routed when
   * the watermark stood at day 1.5: the two paths into the journeys can bring the late one before or after
   * the watermark passes the survey. Profiles in both orders: as they come, and in watermark order.
   */
  private static List<String> profilesWhenLateContactComes(boolean beforeTheWatermark, boolean watermarkOrder)
      throws Exception {
    try (var h = new KeyedOneInputStreamOperatorTestHarness<String, CustomerContact, Alert>(
        new KeyedProcessOperator<>(new TrackJourneys(SETTINGS, watermarkOrder)), c -> c.customerKey, Types.STRING)) {
      h.open();
      CustomerContact survey = of(ALICE, withNps(contact("survey", 1, Channel.SURVEY), 3));
      survey.routedAtWatermark = day(0.9);
      CustomerContact late = of(ALICE, withIntents(contact("complaint", 0.5, Channel.CALL), ChurnIntent.COMPLAINT));
      late.routedAtWatermark = day(1.5);
      h.processElement(new StreamRecord<>(survey, survey.contact.at));
      if (beforeTheWatermark) {
        h.processElement(new StreamRecord<>(late, late.contact.at));
        h.processWatermark(day(1.2));
      } else {
        h.processWatermark(day(1.2));
        h.processElement(new StreamRecord<>(late, late.contact.at));
      }
      h.processWatermark(day(2));
      return h.getSideOutput(TrackJourneys.PROFILES).stream().map(r -> r.getValue().toString()).toList();
    }
  }

  @Test
  void inWatermarkOrderALateContactIsReadAtTheSamePointWhicheverPathBringsItFirst() throws Exception {
    List<String> afterTheWatermark = profilesWhenLateContactComes(false, true);
    assertThat(profilesWhenLateContactComes(true, true)).isEqualTo(afterTheWatermark);
    assertThat(afterTheWatermark).as("the survey's profile, then the late complaint's").hasSize(2);
    assertThat(afterTheWatermark.get(0)).contains("\"survey\"").doesNotContain("\"complaint\"");
    // Taken as they come, the late complaint is read before the survey on one path and after it on the other.
    assertThat(profilesWhenLateContactComes(true, false)).isNotEqualTo(profilesWhenLateContactComes(false, false));
  }
}
