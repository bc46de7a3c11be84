package earshot.lab.generator;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.schemas.Channel;
import earshot.schemas.Direction;
import earshot.schemas.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LatentChurnTest {

  private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");
  private static final long HOUR = 3_600_000L;

  @Test
  void badExperiencesRaiseTheChurnRateButMostOfThoseWhoHadThemStay() {
    int customers = 6000;
    LatentChurn churn = new LatentChurn(customers, 0.03, 5);
    long start = MONDAY.toEpochMilli();
    long end = start + 60 * 24 * HOUR;
    int sequence = 0;
    for (long t = start; t <= end; t += HOUR) {
      churn.step(t);
      if ((t - start) % (24 * HOUR) == 10 * HOUR) {
        // Every day, the first half of the customers answer as detractors and are transferred around.
        for (int c = 0; c < customers / 2; c++) {
          churn.observe(c, Interaction.newBuilder().setInteractionId("x-" + sequence++).setChannel(Channel.CALL)
              .setOccurredAt(Instant.ofEpochMilli(t)).setTouchpoint("billing").setDirection(Direction.INBOUND)
              .setNps(2).setTransfers(2).setResolved(false).build(), true, false);
        }
      }
    }
    List<PlantedChurner> churners = churn.churners(end);
    long bad = churners.stream().filter(c -> number(c) < customers / 2).count();
    long good = churners.size() - bad;
    // Two months at 3% a month, with a few days before the start: about 6% of the customers.
    assertThat(churners.size() / (double) customers).isBetween(0.045, 0.08);
    assertThat(bad).as("churners among customers with bad journeys").isGreaterThan(4 * good);
    assertThat(bad / (customers / 2.0)).as("most customers with bad journeys stay").isLessThan(0.3);
    assertThat(good).as("some leave without a bad experience").isPositive();
    assertThat(churners).extracting(PlantedChurner::strength).contains("baseline", "experience");
  }

  @Test
  void theGeneratedStreamChurnsAtTheConfiguredRateAndChurnersStopAfterCancelling() {
    double days = 14;
    InteractionGenerator generator = new InteractionGenerator(MONDAY, Duration.ofDays(14), 2, 3, List.of())
        .withLatentChurn(0.03);
    List<Interaction> stream = new ArrayList<>();
    generator.generate(stream::add);
    List<PlantedChurner> churners = generator.churners();
    double monthly = churners.size() / (double) generator.customers() * 30 / days;
    assertThat(monthly).as("monthly churn rate").isBetween(0.02, 0.04);

    Map<String, Instant> cancelled = new HashMap<>();
    churners.forEach(c -> cancelled.put(c.customerId(), c.cancelledAt()));
    Set<String> withContactsBefore = new HashSet<>();
    for (Interaction i : stream) {
      Instant cancel = i.getCustomerId() == null ? null : cancelled.get(i.getCustomerId());
      if (cancel == null) {
        continue;
      }
      assertThat(i.getOccurredAt()).as("no contact after cancelling").isBeforeOrEqualTo(cancel);
      if (i.getOccurredAt().isBefore(cancel) && !i.getInteractionId().contains("-cancel-")) {
        withContactsBefore.add(i.getCustomerId());
      }
    }
    assertThat(withContactsBefore.size()).as("churners with ordinary contacts").isGreaterThan(churners.size() / 2);
    long contactsToCancel = stream.stream().filter(i -> i.getInteractionId().contains("-cancel-")).count();
    assertThat(contactsToCancel).as("about half contact the company to cancel")
        .isBetween((long) (churners.size() * 0.3), (long) (churners.size() * 0.7));
    // The same seed, the same churners.
    assertThat(new InteractionGenerator(MONDAY, Duration.ofDays(14), 2, 3, List.of()).withLatentChurn(0.03).churners())
        .isEqualTo(churners);
  }

  private static int number(PlantedChurner churner) {
    return Integer.parseInt(churner.customerId().substring("cust-".length()));
  }
}
