package earshot.jobs.detect;

import earshot.jobs.metrics.CxMetrics;
import earshot.jobs.metrics.MetricSnapshots;
import earshot.jobs.metrics.Breakdown;
import earshot.jobs.rootcause.RootCauseExplainer;
import earshot.jobs.rootcause.RootCauseSettings;
import earshot.schemas.Alert;
import earshot.schemas.AlertState;
import earshot.schemas.MetricSnapshot;
import earshot.schemas.RootCause;
import earshot.schemas.TermCount;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs every detector over one series' windows, in event-time order, and turns their verdicts
 * into alert states through each detector's {@link AlertLifecycle}. The detectors of a window's
 * metrics ({@link SeriesDetector}) are judged in one loop, each against its own state in
 * {@link SeriesState}; the emerging-topic detector, which judges the window's themes, after them.
 * Windows without any interaction never reach the job as metrics; the caller reports them as
 * silent windows so that a drop to zero is judged too.
 */
public final class SeriesMonitor {

  /** Silent windows judged in a row before the monitor stops filling gaps for a series gone quiet. */
  public static final int MAX_SILENT_WINDOWS = 24;
  static final int RISING_TERMS = 5;

  private final int emergingMaxDimensions;
  private final int minSample;
  private final AlertLifecycle lifecycle;
  /** The metric detectors, in the order their alerts are published. */
  private final List<Watch<?>> watches;
  private final EmergingTopicDetector emergingTopic;
  private final RootCauseSettings rootCauses;
  private final RootCauseExplainer explainer;
  private final earshot.jobs.detect.slices.SliceWatch sliceWatch;

  /** Without root causes. */
  public SeriesMonitor(DetectorSettings settings, int emergingMaxDimensions) {
    this(settings, emergingMaxDimensions, RootCauseSettings.off());
  }

  /**
   * @param emergingMaxDimensions the emerging-topic detector watches series with at most this many
   *     dimensions (0: only the global series), where texts are numerous enough to rank themes
   */
  public SeriesMonitor(DetectorSettings settings, int emergingMaxDimensions, RootCauseSettings rootCauses) {
    this(settings, emergingMaxDimensions, rootCauses, earshot.jobs.detect.slices.SliceWatchSettings.off());
  }

  /**
   * As {@link #SeriesMonitor(DetectorSettings, int, RootCauseSettings)}, and watches the global
   * series' slices ({@link earshot.jobs.detect.slices.SliceWatch}) when {@code slices} is enabled.
   */
  public SeriesMonitor(DetectorSettings settings, int emergingMaxDimensions, RootCauseSettings rootCauses,
      earshot.jobs.detect.slices.SliceWatchSettings slices) {
    this.sliceWatch = new earshot.jobs.detect.slices.SliceWatch(slices, settings);
    this.rootCauses = rootCauses;
    this.explainer = new RootCauseExplainer(rootCauses);
    this.emergingMaxDimensions = emergingMaxDimensions;
    this.minSample = settings.minSample();
    this.lifecycle = new AlertLifecycle(settings);
    this.watches = List.of(
        new Watch<>(new DetractorSpikeDetector(settings), s -> s.detractors, List.of(s -> s.detractorSpike)),
        new Watch<>(new NpsDropDetector(settings), s -> s.nps, List.of(s -> s.npsDrop)),
        new Watch<>(new SentimentShiftDetector(settings), s -> s.sentiment, List.of(s -> s.sentimentShift)),
        new Watch<>(new VolumeDetector(settings), s -> s.volume, List.of(s -> s.volumeSurge, s -> s.volumeDrop)),
        new Watch<>(new ServiceLevelDetector(settings), s -> s.serviceLevel, List.of(s -> s.serviceLevelTrack)));
    this.emergingTopic = new EmergingTopicDetector(settings);
  }

  /**
   * A detector wired to the fields of {@link SeriesState} it keeps: its state, and one alert track
   * per alert type. The fields keep their names and types, so savepoints stay readable.
   */
  private record Watch<S>(SeriesDetector<S> detector, Function<SeriesState, S> state,
      List<Function<SeriesState, AlertTrack>> tracks) {

    Watch {
      if (tracks.size() != detector.types().size()) {
        throw new IllegalArgumentException("one alert track per alert type of " + detector.types());
      }
    }

    List<Evaluation> judge(SeriesState series, MetricSnapshot window) {
      return detector.judge(window, state.apply(series));
    }

    /** The detector's own pool of the series' sparse windows, or the window as it is. */
    EvidencePool.Judged ownPool(SeriesState series, MetricSnapshot window, Breakdown slices) {
      EvidencePool.Judged judged = detector.pool(window, slices, state.apply(series));
      return judged != null ? judged : new EvidencePool.Judged(window, slices);
    }
  }

  /** The pool of {@link SeriesState} that holds one kind of evidence. */
  private static EvidencePool pool(SeriesState state, EvidencePool.Evidence evidence) {
    return switch (evidence) {
      case ANSWERS -> state.answerPool;
      case TEXTS -> state.textPool;
    };
  }

  /**
   * Judges a window with interactions; a revision of a window already judged is ignored.
   *
   * @param terms every intent and key phrase of the window with its count
   */
  public List<Alert> onWindow(SeriesState state, MetricSnapshot window, Map<String, Long> terms) {
    return onWindow(state, window, terms, null);
  }

  /**
   * Judges a window with interactions, as {@link #onWindow(SeriesState, MetricSnapshot, Map)}, and
   * names the root causes of its alerts from the window's counts per slice.
   *
   * @param slices the window's counts per slice below the series; null or empty: no root causes
   */
  public List<Alert> onWindow(SeriesState state, MetricSnapshot window, Map<String, Long> terms, Breakdown slices) {
    return onWindow(state, state.inMemoryParts(), window, terms, slices);
  }

  /**
   * As {@link #onWindow(SeriesState, MetricSnapshot, Map, Breakdown)}, with the parts of the series' state
   * kept apart from it where the caller keeps them.
   */
  public List<Alert> onWindow(SeriesState state, SeriesParts parts, MetricSnapshot window, Map<String, Long> terms,
      Breakdown slices) {
    long start = window.getWindowStart().toEpochMilli();
    long end = window.getWindowEnd().toEpochMilli();
    if (end <= state.lastWindowEnd) {
      return List.of();
    }
    List<Alert> alerts = new ArrayList<>();
    long windowSeconds = (end - start) / 1000;
    judgeSilentGap(state, window.getSeriesKey(), start, end - start, alerts);
    state.lastWindowEnd = end;
    state.silentWindows = 0;

    // The baseline of terms learns only in the emerging-topic detector, below: until then both see the same rises.
    List<EmergingTopicDetector.Rise> rises = EmergingTopicDetector.rises(terms, window.getSentimentCount(), state.terms);
    // Only themes that rose against the series' own history: the window's most frequent themes
    // (praise on an NPS drop) would explain nothing.
    List<TermCount> rising = EmergingTopicDetector.rising(rises, RISING_TERMS);
    // Survey and text detectors judge a sparse series' windows pooled until they hold enough
    // evidence: each kind of evidence is pooled once per window, whichever detectors judge it. The
    // service-level detector pools waits and transfers in its own state.
    Breakdown windowSlices = slices == null ? new Breakdown() : slices;
    int maxSlices = slices == null ? 0 : rootCauses.maxSlices();
    Map<EvidencePool.Evidence, EvidencePool.Judged> pooled = new EnumMap<>(EvidencePool.Evidence.class);
    for (Watch<?> watch : watches) {
      EvidencePool.Evidence evidence = watch.detector().pooled();
      EvidencePool.Judged judged = evidence != null
          ? pooled.computeIfAbsent(evidence, e -> pool(state, e).offer(window, windowSlices, e, minSample))
          : watch.ownPool(state, window, windowSlices);
      List<Evaluation> evaluations = watch.judge(state, judged.snapshot());
      Supplier<Breakdown> judgedSlices = slicesOf(state, parts, judged, windowSlices, maxSlices);
      for (int i = 0; i < evaluations.size(); i++) {
        publish(state, watch.tracks().get(i).apply(state), evaluations.get(i), judged.snapshot(), windowSeconds, rising,
            alerts, judgedSlices);
      }
    }
    keepPooledSlices(state, parts, start, windowSlices, maxSlices);
    // Watched series judge themes over a span of windows chosen from their rate; the others only learn.
    boolean watchesTopics = window.getDimensions().size() <= emergingMaxDimensions;
    EmergingTopicDetector.Judged emerging = emergingTopic.evaluate(window, terms, state.terms, rises,
        watchesTopics ? state.termPool : null);
    if (watchesTopics) {
      state.termPool.keepMentions(start, windowSlices, parts.poolMentions());
      publishTopic(state, parts, emerging.evaluation(), emerging.snapshot(), windowSeconds, rising, alerts,
          windowSlices);
    }
    // The slices' baseline learns only from windows with no alert open on the series, so an
    // incident does not become the normal its own root causes are measured against.
    if (maxSlices > 0 && !windowSlices.isEmpty() && !anyOpen(state)) {
      state.slices.learn(windowSlices, rootCauses.decay(), maxSlices);
    }
    // Slices nobody configured as series are watched below the global series.
    if (sliceWatch.enabled() && earshot.jobs.metrics.SeriesCatalog.GLOBAL.equals(window.getSeriesKey())) {
      alerts.addAll(sliceWatch.onWindow(state.sliceWatch, window, slices));
    }
    return alerts;
  }

  /**
   * The counts per slice of what was judged: the window's, or for pooled windows their sum, worked out
   * only if an alert state needs it, and once.
   */
  private static Supplier<Breakdown> slicesOf(SeriesState state, SeriesParts parts, EvidencePool.Judged judged,
      Breakdown window, int maxSlices) {
    if (!judged.isPooled()) {
      return judged::breakdown;
    }
    if (maxSlices == 0) {
      return Breakdown::new;
    }
    long from = judged.snapshot().getWindowStart().toEpochMilli();
    Breakdown[] merged = new Breakdown[1];
    return () -> {
      if (merged[0] == null) {
        merged[0] = state.pooledSlices().from(from, window, maxSlices, parts.pooledWindows());
      }
      return merged[0];
    };
  }

  /** Keeps the window's counts per slice while a pool holds it, and no window older than the oldest open pool. */
  private static void keepPooledSlices(SeriesState state, SeriesParts parts, long start, Breakdown window,
      int maxSlices) {
    long oldest = Long.MAX_VALUE;
    for (long poolStart : new long[] {state.answerPool.start, state.textPool.start, state.serviceLevel.pool().start}) {
      if (poolStart != Long.MIN_VALUE) {
        oldest = Math.min(oldest, poolStart);
      }
    }
    PooledSlices pooled = state.pooledSlices();
    if (oldest == Long.MAX_VALUE || maxSlices == 0) {
      pooled.keepFrom(Long.MIN_VALUE, parts.pooledWindows());
      return;
    }
    pooled.keepFrom(oldest, parts.pooledWindows());
    pooled.add(start, window, parts.pooledWindows());
  }

  private boolean anyOpen(SeriesState state) {
    return watches.stream().flatMap(w -> w.tracks().stream()).anyMatch(track -> track.apply(state).open);
  }

  /**
   * Judges the window {@code [start, start + windowMillis)} in which the series had no interaction
   * at all: only the detectors that {@link SeriesDetector#judgesSilentWindows judge silence} (volume). Does nothing once the series has been silent for
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
    for (Watch<?> watch : watches) {
      if (watch.detector().judgesSilentWindows()) {
        List<Evaluation> evaluations = watch.judge(state, empty);
        for (int i = 0; i < evaluations.size(); i++) {
          publish(watch.tracks().get(i).apply(state), evaluations.get(i), empty, windowMillis / 1000, List.of(), out);
        }
      }
    }
    state.lastWindowEnd = start + windowMillis;
    state.silentWindows++;
  }

  /**
   * Publishes an alert state, if the lifecycle has one.
   *
   * @param window what the evaluation judged: the window, or the windows pooled up to it
   * @param windowSeconds the series' window length, which the alert carries whatever was pooled
   */
  private void publish(AlertTrack track, Evaluation evaluation, MetricSnapshot window, long windowSeconds,
      List<TermCount> rising, List<Alert> out) {
    Optional<AlertState> state = lifecycle.onWindow(track, evaluation, window.getSeriesKey(),
        window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli(), windowSeconds * 1000);
    state.ifPresent(s -> out.add(AlertFactory.build(track, s, evaluation, window, windowSeconds, rising, List.of(),
        null)));
  }

  /**
   * Publishes a topic alert state with the slices where the theme's mentions concentrate: from the
   * window's sample of where they came from, or for a span of pooled windows from theirs against the
   * series' usual shares of texts; no root cause is claimed when too few mentions were sampled.
   */
  private void publishTopic(SeriesState series, SeriesParts parts, Evaluation evaluation, MetricSnapshot judged,
      long windowSeconds, List<TermCount> rising, List<Alert> out, Breakdown window) {
    AlertTrack track = series.emergingTopic;
    Optional<AlertState> state = lifecycle.onWindow(track, evaluation, judged.getSeriesKey(),
        judged.getWindowStart().toEpochMilli(), judged.getWindowEnd().toEpochMilli(), windowSeconds * 1000);
    state.ifPresent(s -> {
      int colon = evaluation.metric().indexOf(':');
      String term = evaluation.metric().substring(colon + 1);
      boolean span = judged.getWindowSeconds() > windowSeconds;
      Breakdown sampled = s == AlertState.RESOLVED || colon < 0 ? new Breakdown()
          : span ? series.termPool.mentionsFrom(judged.getWindowStart().toEpochMilli(), parts.poolMentions()) : window;
      boolean judgedSlices = sampled.mentionSlices(term).size() >= RootCauseExplainer.MIN_SAMPLED
          && (!span || series.slices.windows > 0);
      double count = evaluation.observed() * evaluation.sampleSize();
      double expected = evaluation.baseline() * evaluation.sampleSize();
      List<RootCause> causes = !judgedSlices ? List.of()
          : span ? explainer.explainMentions(sampled, series.slices.slices, series.slices.total, term, count, expected)
          : explainer.explainMentions(sampled, term, count, expected);
      out.add(AlertFactory.build(track, s, evaluation, judged, windowSeconds, rising, causes,
          judgedSlices ? RootCauseExplainer.Measure.MENTIONS : null));
    });
  }

  /** Publishes an alert state with the root causes of its change (none when it resolves). */
  private void publish(SeriesState series, AlertTrack track, Evaluation evaluation, MetricSnapshot window,
      long windowSeconds, List<TermCount> rising, List<Alert> out, Supplier<Breakdown> judgedSlices) {
    Optional<AlertState> state = lifecycle.onWindow(track, evaluation, window.getSeriesKey(),
        window.getWindowStart().toEpochMilli(), window.getWindowEnd().toEpochMilli(), windowSeconds * 1000);
    state.ifPresent(s -> {
      Breakdown slices = judgedSlices.get();
      Optional<RootCauseExplainer.Measure> measure = RootCauseExplainer.Measure.of(evaluation.metric());
      List<RootCause> causes = s == AlertState.RESOLVED || measure.isEmpty() || slices.isEmpty()
          ? List.of()
          : explainer.explain(measure.get(), slices, series.slices, evaluation.baseline());
      out.add(AlertFactory.build(track, s, evaluation, window, windowSeconds, rising, causes,
          measure.filter(m -> !slices.isEmpty() && series.slices.windows > 0).orElse(null)));
    });
  }
}
