package earshot.jobs.detect;

/**
 * Everything the detectors remember about one series at one window length: their baselines and
 * alert lifecycles. A plain value class (Flink POJO), so a new detector adds fields without
 * breaking savepoints.
 */
public class SeriesState {

  /** End of the last window judged (real or silent); later revisions of it are not judged again. */
  public long lastWindowEnd = Long.MIN_VALUE;
  /** Consecutive silent (no interaction) windows judged since the last real one. */
  public int silentWindows;

  /** Survey answers of windows too sparse to judge alone ({@link EvidencePool}). */
  public EvidencePool answerPool = new EvidencePool();
  /** Analysed texts of windows too sparse to judge alone. */
  public EvidencePool textPool = new EvidencePool();

  public ProportionBaseline detractors = new ProportionBaseline();
  public AlertTrack detractorSpike = new AlertTrack();

  public NpsBaseline nps = new NpsBaseline();
  public AlertTrack npsDrop = new AlertTrack();

  public CusumState sentiment = new CusumState();
  public AlertTrack sentimentShift = new AlertTrack();

  public SeasonalCountBaseline volume = new SeasonalCountBaseline();
  public AlertTrack volumeSurge = new AlertTrack();
  public AlertTrack volumeDrop = new AlertTrack();

  public TermBaselines terms = new TermBaselines();
  /** Recent windows' theme counts, judged together on a sparse series ({@link TermPool}). */
  public TermPool termPool = new TermPool();
  public AlertTrack emergingTopic = new AlertTrack();

  public ServiceLevelState serviceLevel = new ServiceLevelState();
  public AlertTrack serviceLevelTrack = new AlertTrack();

  /** What the series' slices usually look like, for the root causes of its alerts. */
  public earshot.jobs.rootcause.SliceBaseline slices = new earshot.jobs.rootcause.SliceBaseline();

  /** Evidence per slice below the series and its slice alerts ({@link earshot.jobs.detect.slices.SliceWatch}). */
  public earshot.jobs.detect.slices.SliceWatchState sliceWatch = new earshot.jobs.detect.slices.SliceWatchState();
  /** The starts of the windows the pools hold; their counts per slice are kept apart ({@link SeriesParts}). */
  public PooledSlices pooledSlices = new PooledSlices();

  /** The parts kept apart, for callers that keep this state in memory; not Flink state. */
  private transient SeriesParts inMemoryParts;

  public SeriesState() {}

  /** The parts of this series kept beside it in memory, for callers that keep no other ({@link SeriesParts}). */
  public SeriesParts inMemoryParts() {
    if (inMemoryParts == null) {
      inMemoryParts = SeriesParts.inMemory();
    }
    return inMemoryParts;
  }

  /** The pooled windows' counts per slice; state saved before they were kept has none yet. */
  public PooledSlices pooledSlices() {
    if (pooledSlices == null) {
      pooledSlices = new PooledSlices();
    }
    return pooledSlices;
  }
}
