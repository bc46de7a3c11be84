package earshot.jobs.detect.slices;

import earshot.jobs.metrics.Observation;
import earshot.jobs.metrics.SeriesCatalog;
import earshot.schemas.Verbatim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Picks the verbatims of an alert on a slice that has no series of its own (the slice watch's pairs):
 * its window's examples are those of no series, so they are chosen from the recent interactions of the
 * global series that could be examples (a text, and a detractor's answer or a negative reading).
 *
 * <p>Consumes those candidates as they come ({@link #candidate}); emits, for an alert's slice and span,
 * up to {@link #MAX_EXAMPLES} verbatims of interactions in that slice and span, most negative first (the
 * order of a window's own examples). Guarantees: deterministic (ties by interaction id); only
 * interactions whose slice keys hold every dimension value of the slice.
 */
public final class SliceVerbatims {

  /** Verbatims per alert, as a window's examples. */
  public static final int MAX_EXAMPLES = 5;
  /** Longest text quoted, in characters: an example, not the whole message. */
  static final int MAX_TEXT = 400;

  private static final Comparator<Observation> MOST_NEGATIVE_FIRST =
      Comparator.comparingDouble(Observation::negativity).thenComparing(o -> o.interactionId);

  private SliceVerbatims() {}

  /** Whether an observation may become a slice alert's verbatim: on the global series, in slices, with a bad outcome and text. */
  public static boolean candidate(Observation o) {
    return SeriesCatalog.GLOBAL.equals(o.seriesKey) && o.sliceKeys != null && o.text != null && !o.text.isBlank()
        && ((o.nps != null && o.nps <= 6) || (o.analysed && o.negative));
  }

  /** A compact copy to keep: no series-only fields, text cut to {@link #MAX_TEXT}. */
  public static Observation keep(Observation o) {
    Observation copy = o.inSeries(o.seriesKey, o.seriesMask);
    copy.intents = new ArrayList<>();
    copy.keyPhrases = new ArrayList<>();
    if (copy.text.length() > MAX_TEXT) {
      copy.text = copy.text.substring(0, MAX_TEXT - 1) + "…";
    }
    return copy;
  }

  /**
   * The verbatims of a slice in a span.
   *
   * @param sliceKey a slice or series key ({@code touchpoint=billing|segment=SMB})
   * @param from first instant of the span (inclusive), epoch millis
   * @param to end of the span (exclusive), epoch millis
   */
  public static List<Verbatim> pick(Iterable<Observation> kept, String sliceKey, long from, long to) {
    Set<String> parts = Set.of(sliceKey.split("\\|"));
    List<Observation> matching = new ArrayList<>();
    for (Observation o : kept) {
      if (o.occurredAt >= from && o.occurredAt < to && o.sliceKeys != null
          && java.util.Arrays.asList(o.sliceKeys).containsAll(parts)) {
        matching.add(o);
      }
    }
    matching.sort(MOST_NEGATIVE_FIRST);
    return matching.stream().limit(MAX_EXAMPLES).map(o -> Verbatim.newBuilder()
        .setInteractionId(o.interactionId)
        .setOccurredAt(Instant.ofEpochMilli(o.occurredAt))
        .setText(o.text)
        .setSentimentScore(o.analysed ? o.sentimentScore : null)
        .setNps(o.nps)
        .build()).toList();
  }
}
