package earshot.jobs.identity;

import java.util.ArrayList;
import java.util.List;

/** Which customer one identifier belongs to, as the signals job knows it. A Flink POJO kept in keyed state. */
public class IdentityEntry {

  /** Conflicting customers remembered per identifier, so that the same conflict is reported once. */
  static final int MAX_REPORTED = 8;

  public String customerKey;
  /** True when the CRM said so; false when learned from an interaction (LINKED). */
  public boolean fromCrm;
  /** When the mapping was made (the link's observedAt). */
  public long since;
  /** Other customers that claimed this identifier and were reported as a conflict. */
  public List<String> reportedConflicts = new ArrayList<>();

  public IdentityEntry() {}

  IdentityEntry(String customerKey, boolean fromCrm, long since) {
    this.customerKey = customerKey;
    this.fromCrm = fromCrm;
    this.since = since;
  }

  /** Whether a conflict with {@code other} has been reported before; remembers it if not. */
  boolean firstReportOf(String other) {
    if (reportedConflicts.contains(other)) {
      return false;
    }
    reportedConflicts.add(other);
    while (reportedConflicts.size() > MAX_REPORTED) {
      reportedConflicts.remove(0);
    }
    return true;
  }
}
