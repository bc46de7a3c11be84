package earshot.lab.generator;

import java.time.Instant;

/**
 * A customer the generator made leave: the journey degrades from {@code journeyStart} on (repeat
 * contacts, transfers, messages left unanswered, a promoter turning detractor, complaints, silence,
 * in a mix that differs per churner) until the customer asks to cancel at {@code cancelledAt}.
 *
 * @param customerId the customer's id as the channels know it (the truth file is test data)
 * @param valueTier gold, silver or bronze
 * @param problem the journey touchpoint the trouble is about
 * @param strength how many warning signs the journey shows: strong, moderate or quiet
 */
public record PlantedChurner(String customerId, Instant journeyStart, Instant cancelledAt, String valueTier,
    String problem, String strength) {}
