package earshot.jobs.signals;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.churn.CustomerContact;
import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.IdentityRequest;
import earshot.jobs.identity.Pseudonymiser;
import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RouteToCustomersTest {

  private static EnrichedInteraction interaction(String customerKey, List<String> identifiers) {
    return EnrichedInteraction.newBuilder()
        .setInteraction(Interaction.newBuilder().setInteractionId("i-1").setChannel(Channel.EMAIL)
            .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setAttributes(Map.of("valueTier", "gold")).build())
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(Instant.parse("2026-11-02T10:00:01Z"))
        .setCustomerKey(customerKey).setIdentifierKeys(identifiers).build();
  }

  private static OneInputStreamOperatorTestHarness<EnrichedInteraction, CustomerContact> run(EnrichedInteraction e)
      throws Exception {
    var harness = ProcessFunctionTestHarnesses.forProcessFunction(new RouteToCustomers());
    harness.processElement(new StreamRecord<>(e, e.getInteraction().getOccurredAt().toEpochMilli()));
    return harness;
  }

  private static List<IdentityRequest> requests(OneInputStreamOperatorTestHarness<EnrichedInteraction, CustomerContact> h) {
    var out = h.getSideOutput(RouteToCustomers.REQUESTS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void aNamedCustomerGoesStraightToTheJourneyAndClaimsItsIdentifiers() throws Exception {
    var harness = run(interaction("c1", List.of("handle:h1", "email:e1")));
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.customerKey).isEqualTo("c1");
      assertThat(c.valueTier).isEqualTo("gold");
    });
    assertThat(requests(harness)).extracting(r -> r.identifierKey + "/" + r.claimedBy)
        .containsExactly("email:e1/c1", "handle:h1/c1");
  }

  @Test
  void theCustomerIdTravelsWithTheContactAndTheEmailAndPhoneNever() throws Exception {
    // As the enrich job leaves it: the id trimmed into its key and kept, e-mail and phone hashed and cleared.
    Interaction given = Interaction.newBuilder().setInteractionId("i-2").setChannel(Channel.CALL)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setCustomerId(" C-1001 ").setTeam("billing-desk")
        .setEmail("alice@example.net").setPhone("+44 20 7946 0001").build();
    EnrichedInteraction enriched = new Pseudonymiser(new IdentityHasher("a-test-secret-of-16+")).apply(
        EnrichedInteraction.newBuilder().setInteraction(given)
            .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
            .setEnrichedAt(Instant.parse("2026-11-02T10:00:01Z")).build());
    var harness = run(enriched);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.customerKey).isEqualTo(new IdentityHasher("a-test-secret-of-16+").customerKey("C-1001"));
      assertThat(c.customerId).isEqualTo("C-1001");
      assertThat(c.contact.team).isEqualTo("billing-desk");
    });
    assertThat(requests(harness)).hasSize(2).allSatisfy(r -> assertThat(r.toString()).doesNotContain("example.net")
        .doesNotContain("7946"));
  }

  @Test
  void identifiersAloneAreLookedUpMostTrustedFirst() throws Exception {
    var harness = run(interaction(null, List.of("handle:h1", "phone:p1", "email:e1")));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(requests(harness)).allSatisfy(r -> {
      assertThat(r.isClaim()).isFalse();
      assertThat(r.count).isEqualTo(3);
      assertThat(r.contact.contact.interactionId).isEqualTo("i-1");
    });
    assertThat(requests(harness)).extracting(r -> r.rank + ":" + r.identifierKey)
        .containsExactly("0:email:e1", "1:phone:p1", "2:handle:h1");
  }

  @Test
  void anInteractionWithoutAnyIdentifierIsAnonymous() throws Exception {
    var harness = run(interaction(null, List.of()));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(requests(harness)).isEmpty();
  }
}
