package earshot.jobs.detect;

import earshot.jobs.metrics.Breakdown;

/**
 * The parts of a series' detector state kept beside {@link SeriesState} rather than inside it, because
 * they are large and a window reads or changes only a little of them.
 *
 * @param pooledWindows the counts per slice of the windows the series' pools hold, by window start
 *     ({@link PooledSlices}): written once per pooled window, read only for the root causes of a
 *     pooled judgement
 * @param poolMentions where the mentions of each theme came from in the windows of the series' theme
 *     pool ({@link TermPool}), by window start, as a breakdown holding only its mention samples:
 *     written once per pooled window, read only for the root causes of a topic alert on the span
 */
public record SeriesParts(StateEntries<Long, Breakdown> pooledWindows, StateEntries<Long, Breakdown> poolMentions) {

  /** Parts held in memory, for callers that keep the series' state in memory themselves. */
  public static SeriesParts inMemory() {
    return new SeriesParts(StateEntries.inMemory(), StateEntries.inMemory());
  }
}
