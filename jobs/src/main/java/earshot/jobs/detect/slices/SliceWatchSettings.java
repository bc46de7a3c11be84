package earshot.jobs.detect.slices;

import earshot.jobs.config.EarshotConfig;
import earshot.jobs.config.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the {@link SliceWatch}.
 *
 * @param enabled whether the global series' slices are watched at all
 * @param fdr Benjamini-Hochberg false discovery rate across the slices judged at one window
 * @param minSample answers (or texts) a slice pools before it is judged
 * @param maxSlices slices kept in state, the busiest
 * @param halfLifeWindows half-life of each slice's own baseline, in windows
 * @param configured the configured series specs ({@code touchpoint}, {@code region*touchpoint}: dimension
 *     names sorted, joined by '*'); slices of these specs have series of their own and are judged (for
 *     the hierarchy) but never reported by the slice watch
 * @param verbatimCandidates recent interactions of the global series kept as possible verbatims of slice
 *     alerts ({@link SliceVerbatims}); 0: slice alerts carry none
 * @param volume whether each slice's share of the global series' contacts is judged too (VOLUME_SURGE when it
 *     rises, VOLUME_DROP when it falls)
 * @param dayParts equal parts of the local day ({@code detect.time-zone}) with a usual contact share of their
 *     own per slice (1: one usual share around the clock)
 * @param weekdays whether, with more than one day part, the usual shares also follow the day of the week
 * @param countedPerWindow slices of the global series counted in each window the watch judges (the first seen)
 */
public record SliceWatchSettings(boolean enabled, double fdr, int minSample, int maxSlices, double halfLifeWindows,
    List<String> configured, int verbatimCandidates, boolean volume, int dayParts, boolean weekdays,
    int countedPerWindow) implements Serializable {

  /** The default slices counted per window, as {@code detect.slices.counted-per-window}. */
  public static final int COUNTED_PER_WINDOW = 2000;

  /** The default number of day parts, as {@code detect.slices.day-parts}. */
  public static final int DAY_PARTS = 24;

  /** The same settings without verbatims, the contact shares judged by part of the day and day of the week. */
  public SliceWatchSettings(boolean enabled, double fdr, int minSample, int maxSlices, double halfLifeWindows,
      List<String> configured) {
    this(enabled, fdr, minSample, maxSlices, halfLifeWindows, configured, 0, true, DAY_PARTS, true, COUNTED_PER_WINDOW);
  }

  /** The same settings with the contact shares judged or not. */
  public SliceWatchSettings withVolume(boolean judged) {
    return new SliceWatchSettings(enabled, fdr, minSample, maxSlices, halfLifeWindows, configured, verbatimCandidates,
        judged, dayParts, weekdays, countedPerWindow);
  }

  /** The same settings with another number of day parts (1: one usual contact share around the clock). */
  public SliceWatchSettings withDayParts(int parts) {
    return new SliceWatchSettings(enabled, fdr, minSample, maxSlices, halfLifeWindows, configured, verbatimCandidates,
        volume, parts, weekdays, countedPerWindow);
  }

  /** The same settings with the usual contact shares following the day of the week or not. */
  public SliceWatchSettings withWeekdays(boolean followed) {
    return new SliceWatchSettings(enabled, fdr, minSample, maxSlices, halfLifeWindows, configured, verbatimCandidates,
        volume, dayParts, followed, countedPerWindow);
  }

  public SliceWatchSettings {
    configured = List.copyOf(configured);
    if (dayParts < 1 || dayParts > 24) {
      throw new IllegalArgumentException("day parts must be 1 to 24: " + dayParts);
    }
  }

  /** Off: nothing watched. */
  public static SliceWatchSettings off() {
    return new SliceWatchSettings(false, 0.002, 30, 400, 288, List.of(), 0, false, 1, false, 0);
  }

  public static SliceWatchSettings from(EarshotConfig config) {
    List<String> specs = new ArrayList<>();
    config.get(Settings.DIMENSIONS).forEach(d -> specs.add(spec(d)));
    config.get(Settings.COMBINATIONS).forEach(c -> specs.add(spec(c)));
    return new SliceWatchSettings(config.get(Settings.SLICES_ENABLED), config.get(Settings.SLICES_FDR),
        config.get(Settings.SLICES_MIN_SAMPLE), config.get(Settings.SLICES_MAX),
        config.get(Settings.ROOT_CAUSE_HALF_LIFE), specs, config.get(Settings.SLICES_VERBATIMS),
        config.get(Settings.SLICES_VOLUME), config.get(Settings.SLICES_DAY_PARTS), config.get(Settings.SLICES_WEEKDAYS),
        config.get(Settings.SLICES_COUNTED));
  }

  /** A spec in canonical form: {@code touchpoint*region} becomes {@code region*touchpoint}. */
  public static String spec(String dimensions) {
    return String.join("*", Arrays.stream(dimensions.split("[*|]")).map(s -> s.strip().toLowerCase(Locale.ROOT))
        .sorted().toList());
  }

  /** Whether a slice key ({@code touchpoint=billing|segment=SMB}) is a configured series. */
  public boolean isConfigured(String sliceKey) {
    String[] parts = sliceKey.split("\\|");
    String[] dims = new String[parts.length];
    for (int i = 0; i < parts.length; i++) {
      dims[i] = parts[i].substring(0, parts[i].indexOf('='));
    }
    return configured.contains(spec(String.join("*", dims)));
  }
}
