package earshot.jobs.churn;

import earshot.jobs.detect.StableIds;
import earshot.schemas.CustomerSignal;
import earshot.schemas.CustomerSignalType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds {@link CustomerSignal} records with deterministic ids. */
public final class CustomerSignals {

  private CustomerSignals() {}

  /**
   * @param cause what makes this signal unique for its customer and type (an interaction id, an alert
   *     id and version, an identifier key and the claiming customer)
   */
  public static CustomerSignal of(CustomerSignalType type, String customerKey, long at, String cause, Double riskScore,
      String alertId, List<String> interactionIds, Map<String, String> details, String summary) {
    return CustomerSignal.newBuilder()
        .setSignalId(id(type, customerKey, at, cause))
        .setCustomerKey(customerKey)
        .setType(type)
        .setOccurredAt(Instant.ofEpochMilli(at))
        .setRiskScore(riskScore)
        .setAlertId(alertId)
        .setInteractionIds(interactionIds)
        .setDetails(details)
        .setSummary(summary)
        .build();
  }

  static String id(CustomerSignalType type, String customerKey, long at, String cause) {
    return StableIds.of(type.name(), type + "|" + customerKey + "|" + at + "|" + cause);
  }
}
