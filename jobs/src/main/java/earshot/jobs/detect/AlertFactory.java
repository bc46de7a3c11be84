package earshot.jobs.detect;

import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.jobs.rootcause.RootCauseExplainer;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.RootCause;
import earshot.schemas.Severity;
import earshot.schemas.TermCount;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Builds the published {@link Alert}, with a summary a person can act on, from a window's evaluation. */
public final class AlertFactory {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private AlertFactory() {}

  public static Alert build(AlertTrack track, AlertState state, Evaluation evaluation, MetricSnapshot window,
      List<TermCount> rising) {
    return build(track, state, evaluation, window, rising, List.of(), null);
  }

  /**
   * An alert with its root causes; the summary leads with the top cause.
   *
   * @param measure what the causes were measured in; null when the series' slices were not
   *     examined (then the summary says nothing about where the change is)
   */
  public static Alert build(AlertTrack track, AlertState state, Evaluation evaluation, MetricSnapshot window,
      List<TermCount> rising, List<RootCause> rootCauses, RootCauseExplainer.Measure measure) {
    return build(track, state, evaluation, window, window.getWindowSeconds(), rising, rootCauses, measure);
  }

  /**
   * An alert judged on evidence that may span several of the detector's windows (a sparse series'
   * pooled windows): its window start and end, figures and summary are the evidence's, while its
   * window length stays the detector's, as the schema says. Downstream, an alert's versions are
   * numbered per detector and window length, so a length that moved with the pool would split one
   * alert's versions.
   *
   * @param window what the evaluation judged: one window, or several pooled
   * @param windowSeconds length of the windows the detector watches
   */
  public static Alert build(AlertTrack track, AlertState state, Evaluation evaluation, MetricSnapshot window,
      long windowSeconds, List<TermCount> rising, List<RootCause> rootCauses, RootCauseExplainer.Measure measure) {
    Severity severity = Severity.valueOf(track.severity);
    return Alert.newBuilder()
        .setAlertId(track.alertId)
        .setVersion(track.version)
        .setState(state)
        .setDetector(evaluation.detector())
        .setSeverity(severity)
        .setSeriesKey(window.getSeriesKey())
        .setDimensions(window.getDimensions())
        .setWindowSeconds(windowSeconds)
        .setWindowStart(window.getWindowStart())
        .setWindowEnd(window.getWindowEnd())
        .setOpenedAt(Instant.ofEpochMilli(track.openedAt))
        .setUpdatedAt(window.getWindowEnd())
        .setMetric(evaluation.metric())
        .setObserved(finite(evaluation.observed()))
        .setBaseline(finite(evaluation.baseline()))
        .setExpectedLow(finite(evaluation.expectedLow()))
        .setExpectedHigh(finite(evaluation.expectedHigh()))
        .setStatisticName(evaluation.statisticName())
        .setStatistic(finite(evaluation.statistic()))
        .setPValue(finite(evaluation.pValue()))
        .setSampleSize(evaluation.sampleSize())
        .setSummary(withRootCauses(summary(state, evaluation, window, rising), state, rootCauses, measure))
        .setRootCauses(rootCauses)
        .setRisingTerms(rising)
        .setExamples(window.getExamples().stream().limit(5).toList())
        .setHistory(track.history.stream().map(AlertTrack.Step::transition).toList())
        .build();
  }

  static String summary(AlertState state, Evaluation e, MetricSnapshot window, List<TermCount> rising) {
    String series = "global".equals(window.getSeriesKey()) ? "all interactions" : window.getSeriesKey().replace("|", ", ");
    String when = "the " + describeWindow(window.getWindowSeconds()) + " window ending " + TIME.format(window.getWindowEnd());
    String what = describeMetric(e);
    StringBuilder text = new StringBuilder();
    if (state == AlertState.RESOLVED && e.verdict() == Verdict.LEVEL_SHIFT) {
      text.append("New normal: ").append(what).append(" for ").append(series).append(" has stayed at about ")
          .append(format(e.metric(), e.observed())).append(" for ").append(LevelRun.SHIFT_MILLIS / 3_600_000L)
          .append(" hours or more, against the former baseline of ").append(format(e.metric(), e.baseline()))
          .append(" (as of ").append(when).append("); it is now the baseline, and this alert closes.");
      return text.toString();
    }
    if (state == AlertState.RESOLVED && !e.verdict().judged()) {
      text.append("Too little evidence to judge: ").append(what).append(" for ").append(series)
          .append(" has had too few interactions to judge for a day or more (as of ").append(when)
          .append("); the alert closes, and a new one opens if the change is seen again.");
      return text.toString();
    }
    if (state == AlertState.RESOLVED) {
      // A one-sided alert ends when its side is normal again: a surge's value may end below the range.
      String where = e.observed() < e.expectedLow() ? ", below the normal range "
          : e.observed() > e.expectedHigh() ? ", above the normal range " : ", within the normal range ";
      text.append("Back to normal: ").append(what).append(" for ").append(series).append(" is ")
          .append(format(e.metric(), e.observed())).append(" in ").append(when)
          .append(where).append(format(e.metric(), e.expectedLow())).append(" to ")
          .append(format(e.metric(), e.expectedHigh())).append('.');
      return text.toString();
    }
    text.append(Character.toUpperCase(what.charAt(0))).append(what.substring(1)).append(" for ").append(series)
        .append(" reached ").append(format(e.metric(), e.observed()))
        .append(" (n=").append(e.sampleSize()).append(") in ").append(when)
        .append(", against a baseline of ").append(format(e.metric(), e.baseline()))
        .append(" (normal range ").append(format(e.metric(), e.expectedLow())).append(" to ")
        .append(format(e.metric(), e.expectedHigh())).append("); ")
        .append(e.statisticName()).append(" = ").append(String.format(Locale.ROOT, "%.1f", e.statistic()))
        .append(", p = ").append(String.format(Locale.ROOT, "%.1g", e.pValue())).append('.');
    if (!rising.isEmpty()) {
      text.append(" Rising themes: ").append(rising.stream().map(t -> t.getTerm() + " (" + t.getCount() + ")")
          .collect(Collectors.joining(", "))).append('.');
    }
    return text.toString();
  }

  /**
   * The summary led by the top root cause ("83% of the NPS lost is in touchpoint=billing x
   * segment=SMB: NPS -91 on 45 answers against +17."), or followed by a note that no slice
   * concentrates the change when the slices were examined and none did.
   */
  static String withRootCauses(String summary, AlertState state, List<RootCause> causes,
      RootCauseExplainer.Measure measure) {
    if (state == AlertState.RESOLVED || measure == null) {
      return summary;
    }
    if (causes.isEmpty()) {
      return summary + " No dimension value or pair of values concentrates the change.";
    }
    StringBuilder text = new StringBuilder(RootCauseExplainer.sentence(measure, causes.get(0))).append(' ').append(summary);
    if (causes.size() > 1) {
      text.append(" Also: ").append(causes.subList(1, causes.size()).stream()
          .map(c -> String.format(Locale.ROOT, "%s (%.0f%%)", RootCauseExplainer.display(c.getSlice()), 100 * c.getShare()))
          .collect(Collectors.joining(", "))).append('.');
    }
    return text.toString();
  }

  private static String describeMetric(Evaluation e) {
    if (e.metric().startsWith("termShare:")) {
      return "the share of texts mentioning '" + e.metric().substring("termShare:".length()) + "'";
    }
    return switch (e.metric()) {
      case "detractorShare" -> "the share of NPS detractors";
      case "nps" -> "NPS";
      case "negativeShare" -> "the share of negative texts";
      case "interactions" -> "the number of interactions";
      case "waitMeanSeconds" -> "the mean wait time (seconds)";
      case "transferRate" -> "the share of transferred interactions";
      default -> e.metric();
    };
  }

  static String describeWindow(long seconds) {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "-hour";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "-minute";
    }
    return seconds + "-second";
  }

  static String format(String metric, double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    if (metric.endsWith("Share") || metric.endsWith("Rate") || metric.startsWith("termShare")) {
      return String.format(Locale.ROOT, "%.0f%%", value * 100);
    }
    if (metric.equals("interactions") || metric.equals("waitMeanSeconds") || metric.equals("nps")) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0.0;
  }
}
