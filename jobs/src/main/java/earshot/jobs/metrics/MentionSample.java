package earshot.jobs.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a window's mentions of each theme came from: for every intent and key phrase, a uniform sample
 * of at most {@link #SIZE} of the interactions that mention it, each kept as its slice keys below the
 * series. Counting every theme in every slice would multiply a window's state by the themes times the
 * slices; the sample is enough to tell where a theme that rose concentrates (a value holding most of the
 * sampled mentions against a small share of the texts), which is what a topic alert's root cause says.
 *
 * <p>The sample is a bottom-k sample: the {@link #SIZE} mentions whose hash of interaction id and theme
 * is smallest. It is deterministic (a replay keeps the same mentions), needs no random state, and merges
 * exactly: the sample of two windows together is the bottom-k of their two samples.
 *
 * <p>Compact, since it is window state that every checkpoint writes: an entry is the hash as
 * {@value #HASH_DIGITS} hex digits (so the entries' string order is their hash order), then one
 * character per slice key, the key's number in the window's {@link Keys} (numbered as first seen; a
 * window holds a few dozen). A theme's sample is one string, its entries in hash order joined by
 * {@code \u0002}; the numbered keys are one string too. Plain Java over a {@code Map<String, String>} and
 * a string, which Flink serialises without generic types.
 */
public final class MentionSample {

  /** Mentions kept per theme and window. */
  public static final int SIZE = 16;
  static final char BETWEEN = '\u0002';
  static final int HASH_DIGITS = 8;
  /** The character of key number 0; above every separator. */
  private static final char FIRST_KEY = '\u0020';
  /** Keys a window may number; far above any catalog's values, and below the surrogate characters. */
  static final int MAX_KEYS = 10_000;

  private MentionSample() {}

  /** The slice keys a breakdown's samples refer to, by number. Rebuilt from {@link #joined()} after a restore. */
  public static final class Keys {
    private final List<String> list = new ArrayList<>();
    private final Map<String, Character> codes = new HashMap<>();

    public Keys(String joined) {
      if (joined != null && !joined.isEmpty()) {
        for (String key : joined.split(String.valueOf(BETWEEN), -1)) {
          code(key);
        }
      }
    }

    /** The key's character, numbering it if new. */
    char code(String key) {
      Character code = codes.get(key);
      if (code == null) {
        code = (char) (FIRST_KEY + list.size());
        list.add(key);
        codes.put(key, code);
      }
      return code;
    }

    String key(char code) {
      return list.get(code - FIRST_KEY);
    }

    int size() {
      return list.size();
    }

    /** The keys in number order, joined: what a breakdown keeps. */
    public String joined() {
      return String.join(String.valueOf(BETWEEN), list);
    }
  }

  /**
   * Offers the observation's themes to the samples, with its slice keys below its series. {@code bars}
   * holds, for each theme whose sample is full, the rank a new mention must stay below (the rank of the
   * sample's last entry). A busy theme's sample fills in its first few dozen mentions and takes almost
   * none after, so most offers end with one number compared, without reading the sample. Not state: the
   * caller keeps it beside {@code samples} and may start it empty at any time; a bar can only be too
   * high (samples only ever gain lower ranks), which costs a reading, never a mention.
   */
  public static void offer(Map<String, String> samples, Keys keys, Map<String, Long> bars, Observation o) {
    if (o.sliceKeys == null || o.intents.isEmpty() && o.keyPhrases.isEmpty()
        || keys.size() + o.sliceKeys.length > MAX_KEYS) {
      return;
    }
    String where = null;
    for (List<String> terms : List.of(o.intents, o.keyPhrases)) {
      for (String term : terms) {
        long rank = rank(o.interactionId, term);
        Long bar = bars.get(term);
        if (bar != null && rank >= bar) {
          continue;
        }
        String sample = samples.get(term);
        if (sample != null && full(sample)) {
          long last = rankOf(lastHash(sample));
          bars.put(term, last);
          if (rank >= last) {
            continue;
          }
        }
        if (where == null) {
          where = where(o, keys);
        }
        List<String> entries = entries(sample);
        insert(entries, hex(rank) + where);
        if (entries.size() == SIZE) {
          bars.put(term, rankOf(entries.get(SIZE - 1)));
        }
        samples.put(term, String.join(String.valueOf(BETWEEN), entries));
      }
    }
  }

  /**
   * Adds the samples of {@code from} (numbered by {@code fromKeys}) into {@code into} (numbered by
   * {@code intoKeys}): the bottom-k of both, each mention once.
   */
  public static void merge(Map<String, String> into, Keys intoKeys, Map<String, String> from, Keys fromKeys) {
    from.forEach((term, sample) -> {
      List<String> entries = entries(into.get(term));
      for (String entry : entries(sample)) {
        StringBuilder renumbered = new StringBuilder(entry.length()).append(entry, 0, HASH_DIGITS);
        for (int i = HASH_DIGITS; i < entry.length(); i++) {
          renumbered.append(intoKeys.code(fromKeys.key(entry.charAt(i))));
        }
        String mine = renumbered.toString();
        if (!entries.contains(mine)) {
          insert(entries, mine);
        }
      }
      into.put(term, String.join(String.valueOf(BETWEEN), entries));
    });
  }

  /** A theme's sampled mentions, in hash order; empty for none. */
  public static List<String> entries(String sample) {
    List<String> entries = new ArrayList<>(SIZE + 1);
    if (sample == null || sample.isEmpty()) {
      return entries;
    }
    int from = 0;
    for (int at = sample.indexOf(BETWEEN); at >= 0; at = sample.indexOf(BETWEEN, from)) {
      entries.add(sample.substring(from, at));
      from = at + 1;
    }
    entries.add(sample.substring(from));
    return entries;
  }

  /**
   * The slices below the series that one sampled mention lies in: each of its values and each pair of
   * them, keyed as {@link Breakdown} keys them.
   */
  public static List<String> slicesOf(String entry, Keys keys) {
    List<String> values = new ArrayList<>();
    for (int i = HASH_DIGITS; i < entry.length(); i++) {
      values.add(keys.key(entry.charAt(i)));
    }
    List<String> slices = new ArrayList<>(values);
    for (int i = 0; i < values.size(); i++) {
      for (int j = i + 1; j < values.size(); j++) {
        slices.add(values.get(i) + "|" + values.get(j));
      }
    }
    return slices;
  }

  private static boolean full(String sample) {
    int count = 1;
    for (int i = 0; i < sample.length(); i++) {
      if (sample.charAt(i) == BETWEEN) {
        count++;
      }
    }
    return count >= SIZE;
  }

  private static String lastHash(String sample) {
    int last = sample.lastIndexOf(BETWEEN) + 1;
    return sample.substring(last, last + HASH_DIGITS);
  }

  private static void insert(List<String> sample, String entry) {
    int at = java.util.Collections.binarySearch(sample, entry);
    sample.add(at < 0 ? -at - 1 : at, entry);
    if (sample.size() > SIZE) {
      sample.remove(SIZE);
    }
  }

  /** The observation's slice keys below its series, in the catalog's order, as key numbers. */
  private static String where(Observation o, Keys keys) {
    StringBuilder where = new StringBuilder(o.sliceKeys.length);
    for (int i = 0; i < o.sliceKeys.length; i++) {
      if (Observation.isBelowSeries(o.sliceKeys, o.seriesMask, i)) {
        where.append(keys.code(o.sliceKeys[i]));
      }
    }
    return where.toString();
  }

  /** The mention's place in the bottom-k order: a mix of interaction id and theme, as fixed-width hex. */
  static String hash(String interactionId, String term) {
    return hex(rank(interactionId, term));
  }

  /** The mention's place in the bottom-k order as an unsigned 32-bit number: its hex is {@link #hash}. */
  private static long rank(String interactionId, String term) {
    long h = Breakdown.mix((interactionId == null ? 0 : interactionId.hashCode()) * 0x9E3779B97F4A7C15L
        + term.hashCode());
    return h >>> 32;
  }

  /** The rank an entry (or its hash) starts with. */
  private static long rankOf(String entry) {
    return Long.parseLong(entry, 0, HASH_DIGITS, 16);
  }

  private static String hex(long rank) {
    String hex = Long.toHexString(rank);
    return "0".repeat(HASH_DIGITS - hex.length()) + hex;
  }
}
