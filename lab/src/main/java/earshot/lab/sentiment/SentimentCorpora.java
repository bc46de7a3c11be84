package earshot.lab.sentiment;

import earshot.jobs.io.CsvRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Turns public labelled tweet sets, as published in their repositories, into the labelled-text
 * files ({@code text<TAB>label}) that training, {@code --eval} and the benchmark read. The tweets
 * themselves are not part of Earshot (Twitter's terms): they are fetched by whoever rebuilds the
 * model and kept outside version control.
 *
 * <p>Consumes a folder {@code raw/} laid out as the project README says (SemEval 2013-2017 task 4
 * subtask A files, the Sanders corpus, the CrowdFlower Apple tweets); emits {@code tsv/} beside it:
 * the SemEval training part, its tuning part (2016 dev-test), two SemEval test sets (2016 and 2017)
 * and the two other tweet sets. Guarantees: the training and tuning files hold no text that is in
 * any test file (compared after trimming and lower-casing), and each tweet id occurs once.
 *
 * <p>Beside them, {@value #TEST_2017_NEGATIVE_HEAVY}: the SemEval 2017 test set resampled to the
 * balance of a stream of complaints ({@link #NEGATIVE_HEAVY} shares: every negative tweet, and as
 * many neutral and positive ones, drawn with a fixed seed, as those shares need), to see what prior
 * adaptation does when most texts are negative.
 *
 * <p>Two more labelled tweet sets are training texts only, when their raw folders are there ({@link
 * #MORE_TWEETS}): the CrowdFlower brand and product emotions (SXSW 2011 tweets about Apple and Google
 * products) and the tweets of Kaggle's Tweet Sentiment Extraction (Figure Eight's "Sentiment Analysis:
 * Emotion in Text", CC BY 4.0). They hold no text of a test file nor of the tuning part, and no text
 * that is already in the SemEval training part or in the other of the two.
 */
public final class SentimentCorpora {

  /** SemEval files (from dataset/Subtask_A/downloaded) the model learns from. */
  public static final List<String> SEMEVAL_TRAIN = List.of("twitter-2013train-A.tsv", "twitter-2013dev-A.tsv",
      "twitter-2013test-A.tsv", "twitter-2014test-A.tsv", "twitter-2014sarcasm-A.tsv", "twitter-2015train-A.tsv",
      "twitter-2015test-A.tsv", "twitter-2016train-A.tsv", "twitter-2016dev-A.tsv");
  /** Settings are chosen on this file only; it joins the training texts for the final model. */
  public static final String SEMEVAL_TUNE = "twitter-2016devtest-A.tsv";
  /** Reported, never trained or tuned on. */
  public static final String SEMEVAL_2016_TEST = "twitter-2016test-A.tsv";
  public static final String SEMEVAL_2017_TEST = "SemEval2017-task4-test.subtask-A.english.txt";

  /** Output files, in {@code tsv/}. */
  public static final String TRAIN = "semeval-train.tsv";
  public static final String TUNE = "semeval-tune.tsv";
  public static final String TEST_2016 = "semeval2016-test.tsv";
  public static final String TEST_2017 = "semeval2017-test.tsv";
  public static final String SANDERS = "sanders.tsv";
  public static final String APPLE = "apple.tsv";
  public static final String TEST_2017_NEGATIVE_HEAVY = "semeval2017-test-negative-heavy.tsv";
  /** CrowdFlower brand and product emotions: training texts only. */
  public static final String BRANDS = "brands.tsv";
  /** Kaggle Tweet Sentiment Extraction (train and test splits together): training texts only. */
  public static final String EMOTION_TWEETS = "emotion-tweets.tsv";
  /** The extra training files, in the order training reads them ({@code --train --more-tweets}). */
  public static final List<String> MORE_TWEETS = List.of(BRANDS, EMOTION_TWEETS);
  /** Raw folders and file of the extra sets. */
  /** Customers' tweets to companies, labelled complaint or not-complaint (a test set, never trained on). */
  public static final String COMPLAINTS = "complaints.tsv";

  static final String BRANDS_RAW = "brands/judge-1377884607_tweet_product_company.csv";
  static final String COMPLAINTS_RAW = "complaints/complaints-data.csv";
  static final String EMOTION_TWEETS_RAW = "tweet-sentiment-extraction";
  /** Negative, neutral and positive shares of the resampled set: a customer-service stream, mostly complaints. */
  static final double[] NEGATIVE_HEAVY = {0.63, 0.21, 0.16};
  private static final long RESAMPLE_SEED = 2017;

  private SentimentCorpora() {}

  /**
   * Converts {@code dir/raw} into {@code dir/tsv}.
   *
   * @return lines of report: file, number of texts and their labels
   */
  public static List<String> prepare(Path dir) throws IOException {
    Path raw = dir.resolve("raw");
    Path out = dir.resolve("tsv");
    Files.createDirectories(out);
    Path semeval = raw.resolve("semeval2017-task4");
    Map<String, List<String[]>> sets = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    // Test sets first, so that a tweet in a test set and a training file stays in the test set.
    sets.put(TEST_2017, semeval(semeval.resolve(SEMEVAL_2017_TEST), ids));
    sets.put(TEST_2016, semeval(semeval.resolve(SEMEVAL_2016_TEST), ids));
    sets.put(SANDERS, sanders(Files.readString(raw.resolve("sanders/full-corpus.csv"), StandardCharsets.UTF_8)));
    sets.put(APPLE, apple(Files.readString(raw.resolve("apple/Apple-Twitter-Sentiment-DFE.csv"),
        StandardCharsets.ISO_8859_1)));
    List<String> absent = new ArrayList<>();
    Path complaints = raw.resolve(COMPLAINTS_RAW);
    if (Files.isRegularFile(complaints)) {
      sets.put(COMPLAINTS, complaints(Files.readString(complaints, StandardCharsets.UTF_8)));
    } else {
      absent.add(COMPLAINTS + ": no " + COMPLAINTS_RAW + " in raw/, not written");
    }
    Set<String> testTexts = new HashSet<>();
    for (List<String[]> set : sets.values()) {
      for (String[] row : set) {
        testTexts.add(key(row[0]));
      }
    }
    List<String[]> tune = withoutTexts(semeval(semeval.resolve(SEMEVAL_TUNE), ids), testTexts);
    List<String[]> train = new ArrayList<>();
    for (String file : SEMEVAL_TRAIN) {
      train.addAll(semeval(semeval.resolve(file), ids));
    }
    Set<String> tuneTexts = new HashSet<>();
    tune.forEach(row -> tuneTexts.add(key(row[0])));
    train = withoutTexts(withoutTexts(train, testTexts), tuneTexts);
    sets.put(TRAIN, train);
    sets.put(TUNE, tune);
    sets.put(TEST_2017_NEGATIVE_HEAVY, resample(sets.get(TEST_2017), NEGATIVE_HEAVY, RESAMPLE_SEED));
    // The extra training sets: none of a test or tuning text, nor of a text an earlier training file has.
    Set<String> seen = new HashSet<>(testTexts);
    seen.addAll(tuneTexts);
    train.forEach(row -> seen.add(key(row[0])));
    Path brands = raw.resolve(BRANDS_RAW);
    if (Files.isRegularFile(brands)) {
      sets.put(BRANDS, newTexts(brands(Files.readString(brands, StandardCharsets.ISO_8859_1)), seen));
    } else {
      absent.add(BRANDS + ": no " + BRANDS_RAW + " in raw/, not written");
    }
    Path emotion = raw.resolve(EMOTION_TWEETS_RAW);
    List<Path> emotionFiles = new ArrayList<>();
    if (Files.isDirectory(emotion)) {
      try (var files = Files.list(emotion)) {
        files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().forEach(emotionFiles::add);
      }
    }
    if (!emotionFiles.isEmpty()) {
      Set<String> textIds = new HashSet<>();
      List<String[]> rows = new ArrayList<>();
      for (Path file : emotionFiles) {
        rows.addAll(emotionTweets(Files.readString(file, StandardCharsets.UTF_8), textIds));
      }
      sets.put(EMOTION_TWEETS, newTexts(rows, seen));
    } else {
      absent.add(EMOTION_TWEETS + ": no " + EMOTION_TWEETS_RAW + "/*.csv in raw/, not written");
    }
    List<String> report = new ArrayList<>();
    for (Map.Entry<String, List<String[]>> entry : sets.entrySet()) {
      StringBuilder text = new StringBuilder();
      Map<String, Integer> labels = new LinkedHashMap<>();
      for (String label : entry.getKey().equals(COMPLAINTS) ? List.of("complaint", "not-complaint")
          : List.of("negative", "neutral", "positive")) {
        labels.put(label, 0);
      }
      for (String[] row : entry.getValue()) {
        text.append(row[0]).append('\t').append(row[1]).append('\n');
        labels.merge(row[1], 1, Integer::sum);
      }
      Files.writeString(out.resolve(entry.getKey()), text, StandardCharsets.UTF_8);
      report.add(String.format(Locale.ROOT, "%-22s %6d texts %s", entry.getKey(), entry.getValue().size(), labels));
    }
    report.addAll(absent);
    return report;
  }

  /**
   * Rows drawn from {@code rows} (text, label) so that the labels have the given shares (negative,
   * neutral, positive): the class that limits the size is taken whole, the others drawn without
   * replacement; the result is shuffled. Deterministic for a seed.
   */
  static List<String[]> resample(List<String[]> rows, double[] shares, long seed) {
    List<String> labels = List.of("negative", "neutral", "positive");
    List<List<String[]>> byClass = new ArrayList<>();
    for (String label : labels) {
      byClass.add(new ArrayList<>(rows.stream().filter(row -> row[1].equals(label)).toList()));
    }
    double size = Double.MAX_VALUE;
    for (int c = 0; c < 3; c++) {
      if (shares[c] > 0) {
        size = Math.min(size, byClass.get(c).size() / shares[c]);
      }
    }
    java.util.Random random = new java.util.Random(seed);
    List<String[]> out = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      List<String[]> pool = byClass.get(c);
      java.util.Collections.shuffle(pool, random);
      out.addAll(pool.subList(0, (int) Math.min(pool.size(), Math.round(size * shares[c]))));
    }
    java.util.Collections.shuffle(out, random);
    return out;
  }

  /** {@code id<TAB>label<TAB>text} lines; a tweet id seen before is skipped. */
  static List<String[]> semeval(Path file, Set<String> ids) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t", 3);
      if (parts.length < 3 || !ids.add(parts[0].strip())) {
        continue;
      }
      String label = parts[1].strip().toLowerCase(Locale.ROOT);
      String text = clean(parts[2]);
      if (isLabel(label) && !text.isEmpty()) {
        rows.add(new String[] {text, label});
      }
    }
    return rows;
  }

  /**
   * Sanders corpus (Topic, Sentiment, TweetId, TweetDate, TweetText; UTF-8): "irrelevant" (mostly not English)
   * is left out. Columns Sentiment and TweetText are found by name.
   */
  static List<String[]> sanders(String csv) {
    List<List<String>> records = CsvRecords.parse(csv);
    if (records.isEmpty()) {
      return new ArrayList<>();
    }
    int[] at = columns(records, "Sanders corpus", "TweetText", "Sentiment");
    return labelled(records, at[0], at[1], SentimentCorpora::threeClassLabel, record -> true);
  }

  /**
   * CrowdFlower Apple tweets (ISO-8859-1): sentiment 1 negative, 3 neutral, 5 positive, not_relevant left out.
   * Columns text and sentiment are found by name.
   */
  static List<String[]> apple(String csv) {
    List<List<String>> records = CsvRecords.parse(csv);
    if (records.isEmpty()) {
      return new ArrayList<>();
    }
    int[] at = columns(records, "Apple tweets", "text", "sentiment");
    return labelled(records, at[0], at[1], value -> switch (value) {
      case "1" -> "negative";
      case "3" -> "neutral";
      case "5" -> "positive";
      default -> null;
    }, record -> true);
  }

  /**
   * CrowdFlower "Brands and product emotions" (judge-1377884607_tweet_product_company.csv): columns
   * tweet_text, emotion_in_tweet_is_directed_at, is_there_an_emotion_directed_at_a_brand_or_product, whose
   * "Negative emotion", "No emotion toward brand or product" and "Positive emotion" become negative,
   * neutral and positive; "I can't tell" and empty texts are left out. Columns are found by name.
   */
  static List<String[]> brands(String csv) {
    List<List<String>> records = CsvRecords.parse(csv);
    if (records.isEmpty()) {
      return new ArrayList<>();
    }
    int[] at = columns(records, "brand emotions", "tweet_text", "is_there_an_emotion_directed_at_a_brand_or_product");
    return labelled(records, at[0], at[1], value -> switch (value.toLowerCase(Locale.ROOT)) {
      case "negative emotion" -> "negative";
      case "no emotion toward brand or product" -> "neutral";
      case "positive emotion" -> "positive";
      default -> null;
    }, record -> true);
  }

  /**
   * Kaggle Tweet Sentiment Extraction files (textID, text, [selected_text,] sentiment; the train and
   * the test split have the same columns but selected_text): the whole text with its sentiment; a
   * textID seen before (in {@code ids}) is skipped. Columns are found by name.
   */
  static List<String[]> emotionTweets(String csv, Set<String> ids) {
    List<List<String>> records = CsvRecords.parse(csv);
    if (records.isEmpty()) {
      return new ArrayList<>();
    }
    int[] at = columns(records, "tweet sentiment extraction", "text", "sentiment", "textID");
    return labelled(records, at[0], at[1], SentimentCorpora::threeClassLabel,
        record -> record.size() > at[2] && ids.add(record.get(at[2]).strip()));
  }

  /**
   * Customers' tweets to companies from "Automatically Identifying Complaints in Social Media"
   * (Preoţiuc-Pietro, Gaman and Aletras, ACL 2019), {@code complaints-data.csv}: no header; tweet id,
   * text, 1 for a complaint or 0, domain. Labelled complaint and not-complaint; records with fewer than
   * four cells, another label or an empty text are left out, and so is a tweet id seen before. A text
   * whose commas were not quoted spans several cells, which are joined again.
   */
  static List<String[]> complaints(String csv) {
    Set<String> ids = new HashSet<>();
    List<String[]> rows = new ArrayList<>();
    for (List<String> record : CsvRecords.parse(csv)) {
      int cells = record.size();
      if (cells < 4) {
        continue;
      }
      String label = switch (record.get(cells - 2).strip()) {
        case "1" -> "complaint";
        case "0" -> "not-complaint";
        default -> null;
      };
      String text = clean(String.join(",", record.subList(1, cells - 2)));
      if (label != null && !text.isEmpty() && ids.add(record.get(0).strip())) {
        rows.add(new String[] {text, label});
      }
    }
    return rows;
  }

  /**
   * Where the named columns are in the first record, the header (its cells stripped, a byte-order mark
   * dropped); a file without one of them is refused, naming the columns it lacks.
   */
  private static int[] columns(List<List<String>> records, String set, String... names) {
    List<String> header = records.get(0).stream().map(h -> h.strip().replace("\uFEFF", "")).toList();
    int[] at = new int[names.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      at[i] = header.indexOf(names[i]);
      if (at[i] < 0) {
        missing.add(names[i]);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(set + ": no " + String.join(" or ", missing) + " column in " + header);
    }
    return at;
  }

  /**
   * The (text, label) rows of CSV records after the header: {@code labelOf} maps the stripped label
   * cell to negative, neutral or positive, or to null to leave the record out; records too short,
   * with an empty text, or not {@code kept} are left out too.
   */
  private static List<String[]> labelled(List<List<String>> records, int textColumn, int labelColumn,
      UnaryOperator<String> labelOf, Predicate<List<String>> kept) {
    List<String[]> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      if (record.size() <= Math.max(textColumn, labelColumn) || !kept.test(record)) {
        continue;
      }
      String label = labelOf.apply(record.get(labelColumn).strip());
      String text = clean(record.get(textColumn));
      if (label != null && !text.isEmpty()) {
        rows.add(new String[] {text, label});
      }
    }
    return rows;
  }

  /** A label already named negative, neutral or positive (any case); null otherwise. */
  private static String threeClassLabel(String value) {
    String label = value.toLowerCase(Locale.ROOT);
    return isLabel(label) ? label : null;
  }

  /** The rows whose text is not in {@code seen}, each text once; their texts join {@code seen}. */
  static List<String[]> newTexts(List<String[]> rows, Set<String> seen) {
    List<String[]> out = new ArrayList<>();
    for (String[] row : rows) {
      if (seen.add(key(row[0]))) {
        out.add(row);
      }
    }
    return out;
  }

  private static boolean isLabel(String label) {
    return label.equals("negative") || label.equals("neutral") || label.equals("positive");
  }

  private static List<String[]> withoutTexts(List<String[]> rows, Set<String> texts) {
    return rows.stream().filter(row -> !texts.contains(key(row[0]))).toList();
  }

  static String key(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  /** Undoes the escapes the downloads carry ({@code \u002c}, {@code &amp;}) and keeps the text on one line. */
  static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 5 < text.length() && text.charAt(i + 1) == 'u' && isHex(text, i + 2, i + 6)) {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        out.append(c);
      }
    }
    String s = out.toString().replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&#39;", "'");
    s = s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
