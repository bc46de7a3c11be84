package earshot.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated example records for the schema tests. */
final class SampleRecords {
  private SampleRecords() {}

  static Interaction interaction() {
    return Interaction.newBuilder()
        .setInteractionId("int-1")
        .setChannel(Channel.CHAT)
        .setOccurredAt(Instant.parse("2026-11-23T10:15:30.123Z"))
        .setCustomerId("c-42")
        .setTouchpoint("delivery")
        .setProduct("fibre-1g")
        .setRegion("north")
        .setSegment("consumer")
        .setTeam("care-1")
        .setAgentId("a-7")
        .setConversationId("conv-9")
        .setDirection(Direction.INBOUND)
        .setLanguage("en")
        .setText("My parcel is three days late, nobody answers.")
        .setNps(3)
        .setCsat(2)
        .setCes(6)
        .setWaitSeconds(340)
        .setHandleSeconds(420)
        .setTransfers(2)
        .setResolved(false)
        .setConsent(true)
        .setAttributes(Map.of("valueTier", "gold"))
        .setEmail("Jane.Doe@Example.com")
        .setPhone("+44 20 7946 0958")
        .setSocialHandle("@janedoe")
        .build();
  }

  static EnrichedInteraction enriched() {
    return EnrichedInteraction.newBuilder()
        .setInteraction(interaction())
        .setAnalysis(TextAnalysis.newBuilder()
            .setStatus(TextStatus.ANALYSED)
            .setSentiment(SentimentLabel.NEGATIVE)
            .setSentimentScore(-0.8)
            .setConfidence(0.9)
            .setLanguage("en")
            .setIntents(List.of("delivery_problem", "complaint"))
            .setKeyPhrases(List.of("parcel"))
            .setRedactions(Map.of("EMAIL", 1))
            .setModel("test")
            .build())
        .setEnrichedAt(Instant.parse("2026-11-23T10:15:31Z"))
        .setCustomerKey("5d41402abc4b2a76b9719d911017c592")
        .setIdentifierKeys(List.of("email:7d793037a0760186574b0282f2f435e7"))
        .build();
  }

  static IdentityLink identityLink() {
    return IdentityLink.newBuilder().setIdentifierKey("email:7d793037a0760186574b0282f2f435e7")
        .setCustomerKey("5d41402abc4b2a76b9719d911017c592").setSource(IdentitySource.LINKED)
        .setObservedAt(Instant.parse("2026-11-23T10:15:30Z")).setInteractionId("int-1").build();
  }

  static CustomerSignal customerSignal() {
    return CustomerSignal.newBuilder().setSignalId("promoter-to-detractor-1a2b").setCustomerKey("5d41402abc4b2a76b9719d911017c592")
        .setType(CustomerSignalType.PROMOTER_TO_DETRACTOR).setOccurredAt(Instant.parse("2026-11-23T10:15:30Z"))
        .setRiskScore(42.5).setAlertId("churn-risk-1").setInteractionIds(List.of("int-0", "int-1"))
        .setDetails(Map.of("previousNps", "9", "nps", "3")).setSummary("Promoter (9) turned detractor (3).").build();
  }

  static Alert alert() {
    Verbatim example = Verbatim.newBuilder().setInteractionId("int-1")
        .setOccurredAt(Instant.parse("2026-11-23T10:15:30Z")).setText("late again").setSentimentScore(-0.7).setNps(2).build();
    return Alert.newBuilder()
        .setAlertId("a-1").setVersion(1).setState(AlertState.OPEN).setDetector("DETRACTOR_SPIKE")
        .setSeverity(Severity.CRITICAL).setSeriesKey("touchpoint=delivery").setDimensions(Map.of("touchpoint", "delivery"))
        .setWindowSeconds(300).setWindowStart(Instant.parse("2026-11-23T10:10:00Z"))
        .setWindowEnd(Instant.parse("2026-11-23T10:15:00Z")).setOpenedAt(Instant.parse("2026-11-23T10:15:00Z"))
        .setUpdatedAt(Instant.parse("2026-11-23T10:15:00Z")).setMetric("detractorShare").setObserved(0.6)
        .setBaseline(0.2).setExpectedLow(0.1).setExpectedHigh(0.3).setStatisticName("z").setStatistic(5.1)
        .setPValue(1e-7).setSampleSize(40).setSummary("Detractors up")
        .setRisingTerms(List.of(new TermCount("delivery_problem", 12L)))
        .setExamples(List.of(example)).setChildren(List.of("touchpoint=delivery|region=north"))
        .setRootCauses(List.of(new RootCause("region=north", Map.of("region", "north"), 0.8, 9.6, 0.75, 0.2, 16L)))
        .setReasons(List.of(new AlertReason("X", "because", 10.0, List.of("int-1"))))
        .setHistory(List.of(new AlertTransition(AlertState.OPEN, 1, Instant.parse("2026-11-23T10:15:00Z"), Severity.CRITICAL, 0.6)))
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder().setDeadLetterId("decode/t/0/5").setStage("decode").setReason("bad")
        .setSourceTopic("t").setSourcePartition(0).setSourceOffset(5L)
        .setSourceTimestamp(Instant.parse("2026-11-23T10:00:00Z"))
        .setKey(java.nio.ByteBuffer.wrap(new byte[] {1, 2}))
        .setPayload(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xff, 0, 7}))
        .setFailedAt(Instant.parse("2026-11-23T10:00:01Z")).build();
  }

  static MetricSnapshot metric() {
    return MetricSnapshot.newBuilder().setMetricId("m").setSeriesKey("global").setWindowSeconds(300)
        .setWindowStart(Instant.parse("2026-11-23T10:00:00Z")).setWindowEnd(Instant.parse("2026-11-23T10:05:00Z"))
        .setInteractions(10).setNpsAnswers(4).setPromoters(2).setDetractors(1).setPassives(1).setNps(25.0)
        .setTopIntents(List.of(new TermCount("refund", 3L))).build();
  }
}
