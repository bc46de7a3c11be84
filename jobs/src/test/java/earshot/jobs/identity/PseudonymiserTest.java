package earshot.jobs.identity;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Channel;
import earshot.schemas.EnrichedInteraction;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.TextAnalysis;
import earshot.schemas.TextStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {

  private final IdentityHasher hasher = new IdentityHasher("test-secret-key-0123");

  private static EnrichedInteraction enriched(Interaction interaction) {
    return EnrichedInteraction.newBuilder().setInteraction(interaction)
        .setAnalysis(TextAnalysis.newBuilder().setStatus(TextStatus.NO_TEXT).build())
        .setEnrichedAt(Instant.parse("2026-11-02T10:00:01Z")).build();
  }

  @Test
  void clearIdentifiersLeaveOnlyAsKeyedHashes() {
    Interaction in = Interaction.newBuilder().setInteractionId("i-1").setChannel(Channel.EMAIL)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setCustomerId("cust-42")
        .setEmail("Jane.Doe@Example.com").setPhone("+44 20 7946 0958").setSocialHandle("@janedoe").build();
    EnrichedInteraction out = new Pseudonymiser(hasher).apply(enriched(in));

    assertThat(out.getCustomerKey()).isEqualTo("9f048245225547ccc16ca2c34b8fd9ad");
    assertThat(out.getIdentifierKeys()).containsExactly("email:50ceba8fa19b62ad21a5e7f4a63a228c",
        "phone:e6f2f8e23b3473f2977791743c249d87", "handle:481daaa3b19c656031f04df2d8d06364");
    assertThat(out.getInteraction().getEmail()).isNull();
    assertThat(out.getInteraction().getPhone()).isNull();
    assertThat(out.getInteraction().getSocialHandle()).isNull();
    assertThat(out.getInteraction().getCustomerId()).isEqualTo("cust-42");
    String json = JsonCodec.toJson(out);
    assertThat(json).doesNotContainIgnoringCase("jane").doesNotContain("7946");
  }

  @Test
  void anInteractionWithoutIdentifiersHasNoKeys() {
    Interaction in = Interaction.newBuilder().setInteractionId("i-2").setChannel(Channel.STORE)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setEmail(" ").build();
    Pseudonymiser pseudonymiser = new Pseudonymiser(hasher);
    EnrichedInteraction out = pseudonymiser.apply(enriched(in));
    assertThat(out.getCustomerKey()).isNull();
    assertThat(out.getIdentifierKeys()).isEmpty();
    assertThat(out.getInteraction().getEmail()).isNull();
    assertThat(pseudonymiser.dropped()).isZero();
  }

  @Test
  void malformedIdentifiersAreRemovedNamedAndCountedAndTheInteractionKept() {
    Interaction in = Interaction.newBuilder().setInteractionId("i-3").setChannel(Channel.SOCIAL)
        .setOccurredAt(Instant.parse("2026-11-02T10:00:00Z")).setPhone("12").setSocialHandle("Jane Doe Official")
        .setEmail("jane@example.com").setCustomerId("c".repeat(300)).setText("my parcel never came").build();
    Pseudonymiser pseudonymiser = new Pseudonymiser(hasher);
    EnrichedInteraction out = pseudonymiser.apply(enriched(in));
    assertThat(out.getIdentifierKeys()).singleElement().asString().startsWith("email:");
    assertThat(out.getDroppedIdentifiers()).containsExactly("customerId", "phone", "socialHandle");
    assertThat(out.getInteraction().getPhone()).isNull();
    assertThat(out.getInteraction().getSocialHandle()).isNull();
    assertThat(out.getInteraction().getCustomerId()).isNull();
    assertThat(out.getCustomerKey()).isNull();
    assertThat(out.getInteraction().getText()).isEqualTo("my parcel never came");
    assertThat(JsonCodec.toJson(out)).doesNotContain("Jane Doe");
    assertThat(pseudonymiser.dropped()).isEqualTo(3);
    EnrichedInteraction clean = pseudonymiser.apply(enriched(Interaction.newBuilder(in).setPhone(null).setSocialHandle(null)
        .setCustomerId("c-1").build()));
    assertThat(clean.getDroppedIdentifiers()).isEmpty();
    assertThat(pseudonymiser.dropped()).isEqualTo(3);
  }
}
