package earshot.jobs.churn;

import static earshot.jobs.churn.Contacts.HOUR;
import static earshot.jobs.churn.Contacts.at;
import static earshot.jobs.churn.Contacts.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.jobs.config.ConfigurationException;
import earshot.jobs.config.EarshotConfig;
import earshot.schemas.Channel;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closing the loop: follow-ups opened by detractor answers and complaints, closed by responses, gone overdue. */
class FollowUpsTest {

  private static final String CUSTOMER = "0cc175b9c0f1b6a831c399e269772661";

  private final ChurnEngine engine = new ChurnEngine(settings("CALL=PT24H,EMAIL=PT48H,DEFAULT=PT12H"));
  private final CustomerJourney journey = new CustomerJourney();
  private final List<CustomerSignal> signals = new ArrayList<>();
  private final List<LoopEvent> events = new ArrayList<>();

  private static ChurnSettings settings(String sla) {
    return ChurnSettings.from(EarshotConfig.builder().override("loop.follow-up-sla=" + sla).build());
  }

  private ChurnEngine.Outcome contact(Contacts contact) {
    return record(engine.onContact(CUSTOMER, journey, contact.build(), CustomerValue.UNKNOWN));
  }

  private ChurnEngine.Outcome time(long now) {
    return record(engine.onTime(CUSTOMER, journey, now));
  }

  private ChurnEngine.Outcome record(ChurnEngine.Outcome outcome) {
    signals.addAll(outcome.signals());
    events.addAll(outcome.loopEvents());
    return outcome;
  }

  private List<CustomerSignal> of(CustomerSignalType type) {
    return signals.stream().filter(s -> s.getType() == type).toList();
  }

  @Test
  void aDetractorAnswerOpensAFollowUpDueAfterItsChannelsServiceLevel() {
    ChurnEngine.Outcome outcome = contact(at(day(0)).id("survey-1").channel(Channel.EMAIL).team("care").nps(3));

    assertThat(of(CustomerSignalType.FOLLOW_UP_DUE)).singleElement().satisfies(s -> {
      assertThat(s.getCustomerKey()).isEqualTo(CUSTOMER);
      assertThat(s.getInteractionIds()).containsExactly("survey-1");
      assertThat(s.getDetails()).containsEntry("cause", "DETRACTOR").containsEntry("nps", "3")
          .containsEntry("team", "care").containsEntry("channel", "EMAIL")
          .containsEntry("dueAt", java.time.Instant.ofEpochMilli(day(0) + 48 * HOUR).toString())
          .containsEntry("serviceLevelMinutes", "2880");
      assertThat(s.getSummary()).contains("NPS 3").contains("respond by");
    });
    assertThat(journey.followUps).singleElement().satisfies(f -> assertThat(f.dueAt).isEqualTo(day(0) + 48 * HOUR));
    assertThat(outcome.nextCheck()).isLessThanOrEqualTo(day(0) + 48 * HOUR);
    assertThat(events).extracting(e -> e.kind).containsExactly(LoopEvent.Kind.OPENED);
  }

  @Test
  void theServiceLevelDependsOnTheChannelWithADefaultForOthers() {
    contact(at(day(0)).id("call").nps(5));
    contact(at(day(0)).id("chat").channel(Channel.CHAT).intents(ChurnIntent.COMPLAINT));

    assertThat(journey.followUps).extracting(f -> f.openedBy, f -> f.dueAt - f.openedAt).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("call", 24 * HOUR), org.assertj.core.groups.Tuple.tuple("chat", 12 * HOUR));
  }

  @Test
  void aPromoterOrAResolvedComplaintOpensNothing() {
    contact(at(day(0)).id("happy").nps(9));
    contact(at(day(1)).id("fixed").intents(ChurnIntent.COMPLAINT).resolved(true));
    contact(at(day(2)).id("agent-call").outbound().intents(ChurnIntent.COMPLAINT));

    assertThat(of(CustomerSignalType.FOLLOW_UP_DUE)).isEmpty();
    assertThat(journey.followUps).isEmpty();
  }

  @Test
  void aLaterOutboundContactClosesEveryFollowUpOpenedBeforeIt() {
    contact(at(day(0)).id("survey").channel(Channel.SURVEY).nps(2).team("care"));
    contact(at(day(0) + HOUR).id("complaint").intents(ChurnIntent.COMPLAINT));
    contact(at(day(0) + 5 * HOUR).id("call-back").outbound());

    assertThat(of(CustomerSignalType.LOOP_CLOSED)).hasSize(2).allSatisfy(s -> {
      assertThat(s.getDetails()).containsEntry("closedBy", "call-back").containsEntry("closedHow", "OUTBOUND")
          .containsEntry("inTime", "true");
      assertThat(s.getInteractionIds()).contains("call-back");
    });
    assertThat(of(CustomerSignalType.LOOP_CLOSED)).extracting(s -> s.getDetails().get("minutesToClose"))
        .containsExactly("300", "240");
    // A closing matches its opening: same follow-up, the ids name the opening interaction.
    assertThat(of(CustomerSignalType.LOOP_CLOSED).get(0).getInteractionIds().get(0)).isEqualTo("survey");
    assertThat(journey.followUps).isEmpty();
    assertThat(events).filteredOn(e -> e.kind == LoopEvent.Kind.CLOSED)
        .extracting(e -> e.minutesToClose, e -> e.inTime)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(300L, true), org.assertj.core.groups.Tuple.tuple(240L, true));
  }

  @Test
  void aLaterResolvedContactClosesToo() {
    contact(at(day(0)).id("complaint").intents(ChurnIntent.COMPLAINT));
    contact(at(day(0) + 2 * HOUR).id("resolved-chat").channel(Channel.CHAT).resolved(true));

    assertThat(of(CustomerSignalType.LOOP_CLOSED)).singleElement()
        .satisfies(s -> assertThat(s.getDetails()).containsEntry("closedHow", "RESOLVED").containsEntry("inTime", "true"));
  }

  @Test
  void anInboundUnresolvedContactDoesNotClose() {
    contact(at(day(0)).id("complaint").intents(ChurnIntent.COMPLAINT));
    contact(at(day(0) + 2 * HOUR).id("again").resolved(false));

    assertThat(of(CustomerSignalType.LOOP_CLOSED)).isEmpty();
    assertThat(journey.followUps).hasSize(1);
  }

  @Test
  void theDueTimePassingUnansweredMakesItOverdueOnceAndALateCloseSaysSo() {
    ChurnEngine.Outcome opened = contact(at(day(0)).id("complaint").team("care").intents(ChurnIntent.COMPLAINT));
    long due = day(0) + 24 * HOUR;
    assertThat(opened.nextCheck()).isEqualTo(due);

    time(due - 1);
    assertThat(of(CustomerSignalType.FOLLOW_UP_OVERDUE)).isEmpty();
    time(due);
    time(due + HOUR);
    assertThat(of(CustomerSignalType.FOLLOW_UP_OVERDUE)).singleElement().satisfies(s -> {
      assertThat(s.getOccurredAt().toEpochMilli()).isEqualTo(due);
      assertThat(s.getSummary()).contains("no response").contains("team care");
    });
    assertThat(events).filteredOn(e -> e.kind == LoopEvent.Kind.OVERDUE).singleElement()
        .satisfies(e -> assertThat(e.at).isEqualTo(due));

    contact(at(day(3)).id("late-call").outbound());
    assertThat(of(CustomerSignalType.LOOP_CLOSED)).singleElement()
        .satisfies(s -> assertThat(s.getDetails()).containsEntry("inTime", "false").containsEntry("minutesToClose",
            Long.toString(3 * 24 * 60)));
  }

  @Test
  void aResponseAfterTheDueTimeWithoutATimerStillReportsTheOverdueFirst() {
    contact(at(day(0)).id("complaint").intents(ChurnIntent.COMPLAINT));
    contact(at(day(2)).id("late-call").outbound());

    assertThat(signals).extracting(CustomerSignal::getType).containsSubsequence(CustomerSignalType.FOLLOW_UP_DUE,
        CustomerSignalType.FOLLOW_UP_OVERDUE, CustomerSignalType.LOOP_CLOSED);
  }

  @Test
  void aFollowUpClosesOnceAndItsSignalsHaveStableIds() {
    contact(at(day(0)).id("complaint").intents(ChurnIntent.COMPLAINT));
    contact(at(day(0) + HOUR).id("call-back").outbound());
    contact(at(day(0) + 2 * HOUR).id("second-call").outbound());
    // A re-delivered response changes nothing.
    contact(at(day(0) + HOUR).id("call-back").outbound());

    assertThat(of(CustomerSignalType.LOOP_CLOSED)).hasSize(1);
    assertThat(events).filteredOn(e -> e.kind == LoopEvent.Kind.CLOSED).hasSize(1);

    FollowUpsTest again = new FollowUpsTest();
    again.contact(at(day(0)).id("complaint").intents(ChurnIntent.COMPLAINT));
    again.contact(at(day(0) + HOUR).id("call-back").outbound());
    assertThat(again.signals).extracting(CustomerSignal::getSignalId)
        .containsExactlyElementsOf(signals.stream().map(CustomerSignal::getSignalId).toList());
    assertThat(signals).extracting(CustomerSignal::getSignalId).doesNotHaveDuplicates();
  }

  @Test
  void anOpenerArrivingAfterItsResponseIsClosedAtOnce() {
    contact(at(day(0) + 3 * HOUR).id("call-back").outbound());
    contact(at(day(0)).id("late-survey").channel(Channel.SURVEY).nps(1));

    assertThat(signals).extracting(CustomerSignal::getType).containsSubsequence(CustomerSignalType.FOLLOW_UP_DUE,
        CustomerSignalType.LOOP_CLOSED);
    assertThat(journey.followUps).isEmpty();
  }

  @Test
  void aResponseEarlierThanTheOpenerDoesNotCloseIt() {
    contact(at(day(1)).id("complaint").intents(ChurnIntent.COMPLAINT));
    contact(at(day(0)).id("old-call").outbound());

    assertThat(of(CustomerSignalType.LOOP_CLOSED)).isEmpty();
    assertThat(journey.followUps).hasSize(1);
  }

  @Test
  void openFollowUpsAreCappedPerCustomer() {
    for (int i = 0; i < FollowUps.MAX_OPEN + 5; i++) {
      contact(at(day(0) + i * 60_000L).id("complaint-" + i).intents(ChurnIntent.COMPLAINT));
    }
    assertThat(journey.followUps).hasSize(FollowUps.MAX_OPEN);
    assertThat(of(CustomerSignalType.FOLLOW_UP_DUE)).hasSize(FollowUps.MAX_OPEN);

    contact(at(day(0) + 2 * HOUR).id("call-back").outbound());
    assertThat(journey.followUps).isEmpty();
    assertThat(of(CustomerSignalType.LOOP_CLOSED)).hasSize(FollowUps.MAX_OPEN);
  }

  @Test
  void aTimerOnlyForAFollowUpLeavesTheScoreAlone() {
    contact(at(day(0)).id("complaint").intents(ChurnIntent.COMPLAINT));
    long evaluatedAt = journey.lastEvaluatedAt;

    ChurnEngine.Outcome outcome = time(day(1));

    assertThat(outcome.evaluated()).isFalse();
    assertThat(journey.lastEvaluatedAt).isEqualTo(evaluatedAt);
    assertThat(of(CustomerSignalType.FOLLOW_UP_OVERDUE)).hasSize(1);
  }

  @Test
  void theSettingIsTypedWithADefaultAndRefusesUnknownChannels() {
    FollowUpSla defaults = ChurnSettings.defaults().followUpSla();
    assertThat(defaults.millis(Channel.CALL)).isEqualTo(Duration.ofDays(1).toMillis());
    assertThat(defaults.millis(Channel.EMAIL)).isEqualTo(Duration.ofDays(2).toMillis());
    assertThat(defaults.millis(Channel.STORE)).isEqualTo(Duration.ofDays(2).toMillis());
    assertThat(FollowUpSla.of(Map.of("CALL", Duration.ofHours(4))).millis(Channel.CHAT))
        .isEqualTo(FollowUpSla.BUILT_IN_FALLBACK.toMillis());

    assertThatThrownBy(() -> settings("CALL=PT4H,FAX=PT1H")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("loop.follow-up-sla").hasMessageContaining("FAX");
    assertThatThrownBy(() -> settings("CALL=soon")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("loop.follow-up-sla");
    assertThatThrownBy(() -> settings("CALL=-PT4H")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("loop.follow-up-sla");
    assertThatThrownBy(() -> ChurnSettings.from(EarshotConfig.builder().override("loop.window=PT7M").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("loop.window");
  }

  @Test
  void windowCountsGiveTheRateAndTheMedianTimeToClose() {
    FollowUpCounts counts = new FollowUpCounts();
    counts.add(event(LoopEvent.Kind.OPENED, -1, false));
    counts.add(event(LoopEvent.Kind.CLOSED, 30, true));
    counts.add(event(LoopEvent.Kind.CLOSED, 90, true));
    counts.add(event(LoopEvent.Kind.CLOSED, 4000, false));
    counts.add(event(LoopEvent.Kind.OVERDUE, -1, false));
    FollowUpCounts other = new FollowUpCounts();
    other.add(event(LoopEvent.Kind.OVERDUE, -1, false));
    counts.merge(other);

    assertThat(counts.opened).isEqualTo(1);
    assertThat(counts.closed).isEqualTo(3);
    assertThat(counts.overdue).isEqualTo(2);
    // 2 closed in time, 2 overdue: the late close was already counted as overdue.
    assertThat(counts.followUpRate()).isEqualTo(0.5);
    assertThat(counts.medianMinutesToClose()).isEqualTo(90.0);
    var snapshot = counts.snapshot("followups|team=care", day(0), day(1), 0);
    assertThat(snapshot.getSeriesKey()).isEqualTo("followups|team=care");
    assertThat(snapshot.getDimensions()).containsExactly(Map.entry("team", "care"));
    assertThat(snapshot.getMetricId()).startsWith("followups|team=care|86400s|");
    assertThat(snapshot.getFollowUpRate()).isEqualTo(0.5);
    assertThat(snapshot.getFollowUpsOverdue()).isEqualTo(2);
    assertThat(snapshot.getInteractions()).isZero();
    assertThat(new FollowUpCounts().snapshot("followups", day(0), day(1), 0).getFollowUpRate()).isNull();
  }

  @Test
  void anEventCountsOverallAndInItsTeamsAndChannelsSeries() {
    LoopEvent e = event(LoopEvent.Kind.OPENED, -1, false);
    e.team = "care";
    e.channel = Channel.EMAIL;
    assertThat(FollowUpCounts.seriesOf(e)).containsExactly("followups", "followups|team=care", "followups|channel=EMAIL");
    e.team = null;
    assertThat(FollowUpCounts.seriesOf(e)).containsExactly("followups", "followups|channel=EMAIL");
  }

  /** Follow-ups, loop events, window counts and the overdue detector's state evolve in savepoints as POJOs. */
  @Test
  void theFollowUpStateIsFlinkPojosAllTheWayDown() {
    CustomerJourneyTest.assertNoGenericType(org.apache.flink.api.common.typeinfo.TypeInformation.of(FollowUp.class),
        "FollowUp");
    CustomerJourneyTest.assertNoGenericType(org.apache.flink.api.common.typeinfo.TypeInformation.of(LoopEvent.class),
        "LoopEvent");
    CustomerJourneyTest.assertNoGenericType(
        org.apache.flink.api.common.typeinfo.TypeInformation.of(FollowUpCounts.class), "FollowUpCounts");
    CustomerJourneyTest.assertNoGenericType(org.apache.flink.api.common.typeinfo.TypeInformation.of(
        earshot.jobs.detect.OverdueShareState.class), "OverdueShareState");
  }

  private static LoopEvent event(LoopEvent.Kind kind, long minutes, boolean inTime) {
    LoopEvent e = new LoopEvent();
    e.kind = kind;
    e.minutesToClose = minutes;
    e.inTime = inTime;
    return e;
  }
}
