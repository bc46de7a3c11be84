package earshot.jobs.rootcause;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.io.Serializable;

/**
 * Bounds and thresholds of the root-cause explainer.
 *
 * @param maxSlices slices counted per window of a series, and kept in its baseline
 * @param minSize fewest observations (answers, texts, interactions) a slice needs in the judged window
 * @param maxCauses causes listed per alert
 * @param minShare smallest share of the change a cause must hold
 * @param halfLifeWindows half-life of the slice baselines, in windows
 */
public record RootCauseSettings(int maxSlices, int minSize, int maxCauses, double minShare, double halfLifeWindows)
    implements Serializable {

  /** The defaults of {@link Settings}. */
  public static RootCauseSettings defaults() {
    return from(EarshotConfig.defaults());
  }

  /** The defaults with no slice counted: alerts carry no root cause. */
  public static RootCauseSettings off() {
    RootCauseSettings d = defaults();
    return new RootCauseSettings(0, d.minSize(), d.maxCauses(), d.minShare(), d.halfLifeWindows());
  }

  public static RootCauseSettings from(EarshotConfig config) {
    return new RootCauseSettings(config.get(Settings.ROOT_CAUSE_MAX_SLICES), config.get(Settings.ROOT_CAUSE_MIN_SIZE),
        config.get(Settings.ROOT_CAUSE_MAX_CAUSES), config.get(Settings.ROOT_CAUSE_MIN_SHARE),
        config.get(Settings.ROOT_CAUSE_HALF_LIFE));
  }

  /** Factor applied to the baseline's counts per window learned. */
  public double decay() {
    return Math.pow(0.5, 1.0 / halfLifeWindows);
  }
}
