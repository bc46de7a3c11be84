package earshot.jobs.signals;

import static earshot.jobs.signals.ChurnFixtures.ALICE;
import static earshot.jobs.signals.ChurnFixtures.BOB;
import static earshot.jobs.signals.ChurnFixtures.contact;
import static earshot.jobs.signals.ChurnFixtures.day;
import static earshot.jobs.signals.ChurnFixtures.of;
import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.churn.CustomerContact;
import earshot.jobs.identity.IdentityAnswer;
import earshot.jobs.identity.IdentityRequest;
import earshot.jobs.identity.IdentityRules;
import earshot.schemas.Channel;
import earshot.schemas.CustomerSignal;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolving an interaction without a customer id from the answers for each of its identifiers. */
class GatherResolutionsHarnessTest {

  private static final String EMAIL = "email:0123456789abcdef0123456789abcdef";
  private static final String PHONE = "phone:fedcba9876543210fedcba9876543210";

  private KeyedOneInputStreamOperatorTestHarness<String, IdentityAnswer, CustomerContact> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new GatherResolutions()),
        a -> a.interactionId, Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void answer(String interaction, String identifier, int rank, String customer) throws Exception {
    IdentityRequest lookup = IdentityRequest.lookup(identifier, interaction, day(1), rank, 2,
        of(null, contact(interaction, 1, Channel.CHAT)));
    harness.processElement(new StreamRecord<>(new IdentityAnswer(lookup, customer), day(1)));
  }

  private List<IdentityLink> links() {
    var out = harness.getSideOutput(GatherResolutions.LINKS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  private List<CustomerSignal> conflicts() {
    var out = harness.getSideOutput(GatherResolutions.CONFLICTS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void theKnownIdentifierResolvesAndTheUnknownOneIsProposedForLinking() throws Exception {
    answer("chat-1", PHONE, 1, null);
    assertThat(harness.extractOutputValues()).as("waits for every answer").isEmpty();
    answer("chat-1", EMAIL, 0, ALICE);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.customerKey).isEqualTo(ALICE);
      assertThat(c.contact.interactionId).isEqualTo("chat-1");
    });
    assertThat(links()).singleElement().satisfies(l -> {
      assertThat(l.getIdentifierKey()).isEqualTo(PHONE);
      assertThat(l.getCustomerKey()).isEqualTo(ALICE);
      assertThat(l.getSource()).isEqualTo(IdentitySource.LINKED);
    });
    assertThat(conflicts()).isEmpty();
  }

  @Test
  void identifiersOfTwoCustomersResolveByTrustAndAreReportedNotMerged() throws Exception {
    answer("chat-2", EMAIL, 0, ALICE);
    answer("chat-2", PHONE, 1, BOB);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> assertThat(c.customerKey).isEqualTo(ALICE));
    assertThat(links()).isEmpty();
    assertThat(conflicts()).singleElement().satisfies(c -> {
      assertThat(c.getCustomerKey()).isEqualTo(BOB);
      assertThat(c.getDetails()).containsEntry("otherCustomerKey", ALICE).containsEntry("identifierKey", PHONE)
          .containsEntry("resolution", IdentityRules.RESOLVED_BY_PRIORITY);
    });
  }

  @Test
  void anInteractionNobodyKnowsIsAnonymous() throws Exception {
    answer("chat-3", EMAIL, 0, null);
    answer("chat-3", PHONE, 1, null);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(links()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).as("nothing kept").isZero();
  }
}
