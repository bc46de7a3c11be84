package earshot.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.config.EarshotConfig;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks on alert states as subscribers would see them, after the signals job's grouping. */
public final class PublishedAlerts {

  private PublishedAlerts() {}

  /**
   * The alert states, passed window by window through the signals job's {@link AlertGrouper} (one per
   * detector and window length, as the job keys it, with the default cooldown):
   * each alert is published with versions 1, 2, 3... in order, opens once, and resolves.
   */
  public static void assertPublishedInOrder(List<Alert> alerts) {
    Map<String, AlertGrouper.Groups> groups = new HashMap<>();
    Map<String, List<Alert>> batches = new TreeMap<>();
    for (Alert a : alerts) {
      batches.computeIfAbsent(a.getWindowEnd().toEpochMilli() + " " + a.getDetector() + "|" + a.getWindowSeconds(),
          k -> new ArrayList<>()).add(a);
    }
    AlertGrouper grouper = new AlertGrouper(DetectorSettings.from(EarshotConfig.defaults()).cooldownWindows());
    Map<String, List<Alert>> published = new HashMap<>();
    batches.forEach((key, batch) -> grouper.onWindow(batch, groups.computeIfAbsent(key.substring(key.indexOf(' ') + 1),
        k -> new AlertGrouper.Groups()))
        .forEach(a -> published.computeIfAbsent(a.getAlertId(), k -> new ArrayList<>()).add(a)));
    assertThat(published).isNotEmpty();
    published.forEach((id, versions) -> {
      for (int i = 0; i < versions.size(); i++) {
        assertThat(versions.get(i).getVersion()).as("version %d of %s", i + 1, id).isEqualTo(i + 1);
        assertThat(versions.get(i).getState() == AlertState.OPEN).as("%s opens once, first", id).isEqualTo(i == 0);
      }
      assertThat(versions.get(versions.size() - 1).getState()).as("last state of %s", id).isEqualTo(AlertState.RESOLVED);
    });
  }
}
