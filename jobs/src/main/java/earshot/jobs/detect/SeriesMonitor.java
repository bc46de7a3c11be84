package earshot.jobs.detect;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.TermCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every detector over one series' windows, in event-time order, and turns their verdicts
 * into alert states through each detector's {@link AlertLifecycle}. Windows without any
 * interaction never reach the job as metrics; the caller reports them as silent windows so that a
 * drop to zero is judged too.
 */
public final class SeriesMonitor {

  /** Silent windows judged in a row before the monitor stops filling gaps for a series gone quiet. */
  public static final int MAX_SILENT_WINDOWS = 24;
  static final int RISING_TERMS = 5;

  private final int emergingMaxDimensions;
  private final int minSample;
  private final AlertLifecycle lifecycle;
  private final DetractorSpikeDetector detractorSpike;
  private final NpsDropDetector npsDrop;
  private final SentimentShiftDetector sentimentShift;
  private final VolumeDetector volume;
  private final EmergingTopicDetector emergingTopic;
  private final ServiceLevelDetector serviceLevel;

  /**
   * @param emergingMaxDimensions the emerging-topic detector watches series with at most this many
   *     dimensions (0: only the global series), where texts are numerous enough to rank themes
   */
  public SeriesMonitor(DetectorSettings settings, int emergingMaxDimensions) {
    this.emergingMaxDimensions = emergingMaxDimensions;
    this.minSample = settings.minSample();
    this.lifecycle = new AlertLifecycle(settings);
    this.detractorSpike = new DetractorSpikeDetector(settings);
    this.npsDrop = new NpsDropDetector(settings);
    this.sentimentShift = new SentimentShiftDetector(settings);
    this.volume = new VolumeDetector(settings);
    this.emergingTopic = new EmergingTopicDetector(settings);
    this.serviceLevel = new ServiceLevelDetector(settings);
  }

  /**
   * Judges a window with interactions; a revision of a window already judged is ignored.
   *
   * @param terms every intent and key phrase of the window with its count
   */
  public List<Alert> onWindow(SeriesState state, MetricSnapshot window, Map<String, Long> terms) {
    long start = window.getWindowStart().toEpochMilli();
    long end = window.getWindowEnd().toEpochMilli();
    if (end <= state.lastWindowEnd) {
      return List.of();
    }
    List<Alert> alerts = new ArrayList<>();
    judgeSilentGap(state, window.getSeriesKey(), start, end - start, alerts);
    state.lastWindowEnd = end;
    state.silentWindows = 0;

    // The baseline of terms learns only in the emerging-topic detector, below: until then both see the same rises.
    List<EmergingTopicDetector.Rise> rises = EmergingTopicDetector.rises(terms, window.getSentimentCount(), state.terms);
    // Only themes that rose against the series' own history: the window's most frequent themes
    // (praise on an NPS drop) would explain nothing.
    List<TermCount> rising = EmergingTopicDetector.rising(rises, RISING_TERMS);
    // Survey and text detectors judge a sparse series' windows pooled until they hold enough evidence.
    MetricSnapshot answers = state.answerPool.offer(window, EvidencePool.Evidence.ANSWERS, minSample);
    publish(state.detractorSpike, detractorSpike.evaluate(answers, state.detractors), answers, rising, alerts);
    publish(state.npsDrop, npsDrop.evaluate(answers, state.nps), answers, rising, alerts);
    MetricSnapshot texts = state.textPool.offer(window, EvidencePool.Evidence.TEXTS, minSample);
    publish(state.sentimentShift, sentimentShift.evaluate(texts, state.sentiment), texts, rising, alerts);
    Evaluation[] counts = volume.evaluate(window, state.volume);
    publish(state.volumeSurge, counts[0], window, rising, alerts);
    publish(state.volumeDrop, counts[1], window, rising, alerts);
    Evaluation emerging = emergingTopic.evaluate(window, terms, state.terms, rises);
    if (window.getDimensions().size() <= emergingMaxDimensions) {
      publish(state.emergingTopic, emerging, window, rising, alerts);
    }
    publish(state.serviceLevelTrack, serviceLevel.evaluate(window, state.serviceLevel), window, rising, alerts);
    return alerts;
  }

  /**
   * Judges the window {@code [start, start + windowMillis)} in which the series had no interaction
   * at all: only volume can be judged. Does nothing once the series has been silent for
   * {@link #MAX_SILENT_WINDOWS} windows, or for a window already judged.
   */
  public List<Alert> onSilentWindow(SeriesState state, String seriesKey, long start, long windowMillis) {
    List<Alert> alerts = new ArrayList<>();
    if (!watchesForSilence(state) || start + windowMillis <= state.lastWindowEnd) {
      return alerts;
    }
    judgeSilent(state, seriesKey, start, windowMillis, alerts);
    return alerts;
  }

  /** Whether the series should be checked for silence at the end of its next window. */
  public boolean watchesForSilence(SeriesState state) {
    return state.lastWindowEnd != Long.MIN_VALUE && state.silentWindows < MAX_SILENT_WINDOWS;
  }

  private void judgeSilentGap(SeriesState state, String seriesKey, long start, long windowMillis, List<Alert> out) {
    if (state.lastWindowEnd == Long.MIN_VALUE) {
      return;
    }
    for (long gap = state.lastWindowEnd; gap < start && state.silentWindows < MAX_SILENT_WINDOWS; gap += windowMillis) {
      judgeSilent(state, seriesKey, gap, windowMillis, out);
    }
  }

  private void judgeSilent(SeriesState state, String seriesKey, long start, long windowMillis, List<Alert> out) {
    MetricSnapshot empty = MetricSnapshots.of(seriesKey, start, start + windowMillis, 0, new CxMetrics());
    Evaluation[] counts = volume.evaluate(empty, state.volume);
    publish(state.volumeSurge, counts[0], empty, List.of(), out);
    publish(state.volumeDrop, counts[1], empty, List.of(), out);
    state.lastWindowEnd = start + windowMillis;
    state.silentWindows++;
  }

  private void publish(AlertTrack track, Evaluation evaluation, MetricSnapshot window, List<TermCount> rising,
      List<Alert> out) {
    Optional<AlertState> state = lifecycle.onWindow(track, evaluation, window.getSeriesKey(),
        window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli());
    state.ifPresent(s -> out.add(AlertFactory.build(track, s, evaluation, window, rising)));
  }
}
