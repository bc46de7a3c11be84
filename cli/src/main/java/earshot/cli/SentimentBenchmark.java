package earshot.cli;

import earshot.jobs.text.ClassifierScores;
import earshot.jobs.text.FastSentimentAnalyzer;
import earshot.jobs.text.IntentModel;
import earshot.jobs.text.FastSentimentModel;
import earshot.jobs.text.IntentRules;
import earshot.jobs.text.PriorAdaptation;
import earshot.jobs.text.ReadingLines;
import earshot.jobs.text.TextAnalyzer;
import earshot.lab.sentiment.FastSentimentTrainer;
import earshot.jobs.text.LabelledText;
import earshot.jobs.text.LabelledTexts;
import earshot.jobs.text.TextAnalyzers;
import earshot.jobs.text.TextPipeline;
import earshot.jobs.text.TextStageParts;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./earshot bench sentiment}: the text stage's speed in both modes on the same texts, in one
 * thread, after warm-up. Each text goes through everything the enrich job does with it (redaction,
 * language, sentiment, intents, key phrases). The fast mode reads the texts over and over for the
 * measuring time; the deep mode, hundreds of times slower, reads each text once. Reports texts/s
 * (wall clock) and texts per CPU second of the measuring thread (what one core does, whatever else
 * runs on the machine), the ratio, p50/p99 latency per text and, for labelled texts, each mode's
 * accuracy.
 */
final class SentimentBenchmark implements Command {

  @Override
  public String name() {
    return "sentiment";
  }

  @Override
  public String summary() {
    return "text stage throughput and latency per text, fast and deep modes on the same texts";
  }

  @Override
  public String usage() {
    return """
        usage: ./earshot bench sentiment [--texts FILE] [--seconds S] [--warmup-seconds W] [--deep-texts N]
                                         [--also-model FILE] [--adapt on|off] [--intent-model on|off]
                                         [--outputs FILE] [--stage-seconds S]

          --texts FILE         texts to read, one per line; text<TAB>label lines also give accuracy
                               (default: the held-out customer-service texts, data/cx/eval.tsv)
          --seconds S          how long the fast mode is measured (default 10)
          --warmup-seconds W   how long each mode warms up before measuring, in CPU seconds of the
                               measuring thread, so that a loaded machine still compiles the code
                               before it is timed (default 5)
          --deep-texts N       read only the first N texts in deep mode (default: all)
          --also-model FILE    also measure the fast mode with this model file (such as an older one)
          --adapt on|off       fast mode's prior adaptation (default on; the enrich job's
                               text.prior-adaptation is off by default)
          --intent-model on|off  fast mode: add the learned intent classifier's confident codes to the
                               rules' (default off, as in the enrich job)
          --stage-seconds S    time each part of the fast stage alone for S seconds and print its CPU
                               time per text (default 3; 0: skip)
          --outputs FILE       write what the fast mode made of each text (first pass), one line per
                               text, every field and exact scores: two versions compare with diff""";
  }

  /**
   * @param seconds wall-clock time of the measured passes
   * @param cpuSeconds CPU time the measuring thread used meanwhile (less than wall time when other
   *     programs compete for the processors)
   */
  private record Run(String mode, String model, long texts, double seconds, double cpuSeconds, long[] nanos,
      ClassifierScores evaluation) {

    double throughput() {
      return texts / seconds;
    }

    double cpuThroughput() {
      return cpuSeconds > 0 ? texts / cpuSeconds : Double.NaN;
    }

    double percentileMillis(double p) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
      return sorted[index] / 1e6;
    }
  }

  @Override
  public int run(List<String> raw, Cli cli) throws Exception {
    Args args = Args.parse(raw, Set.of("texts", "seconds", "warmup-seconds", "deep-texts", "also-model", "adapt",
        "intent-model", "outputs", "stage-seconds"),
        Set.of());
    args.noPositionals();
    Path file = args.path("texts") != null ? args.path("texts") : cli.home.resolve(FastSentimentTrainer.EVALUATION_DATA);
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--texts: no such file " + file);
    }
    double seconds = args.number("seconds", 10, 0.1, 3600);
    double warmup = args.number("warmup-seconds", 5, 0, 3600);
    List<LabelledText> texts = texts(file);
    if (texts.isEmpty()) {
      throw new UsageException(file + " has no texts");
    }
    int deepTexts = args.integer("deep-texts", texts.size(), 1, Integer.MAX_VALUE);
    PrintStream out = cli.out;
    out.printf(Locale.ROOT, "Sentiment benchmark: %d texts from %s (mean %.0f characters), one thread, Java %s, "
            + "%d processors visible%n", texts.size(), cli.home.relativize(file.toAbsolutePath().normalize()),
        texts.stream().mapToInt(t -> t.text().length()).average().orElse(0), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    out.println("Each text goes through the whole text stage: redaction, language, sentiment, intents, key phrases.");
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (load >= 0) {
      out.printf(Locale.ROOT, "System load average at the start: %.2f (other programs competing for the processors "
          + "lower texts/s; texts per CPU second is what one core does)%n", load);
    }
    out.flush();
    PriorAdaptation.Settings adapt = args.get("adapt", "on").equals("off") ? null : PriorAdaptation.Settings.DEFAULT;
    IntentModel intentModel = args.onOff("intent-model", false) ? IntentModel.load() : null;
    out.println("Intents: the rules" + (intentModel == null ? " alone" : " and the learned intent model"));
    Path outputs = args.path("outputs");
    if (outputs != null) {
      writeOutputs(outputs, texts, new FastSentimentAnalyzer(FastSentimentModel.load(), IntentRules.builtIn(), adapt,
          intentModel));
      out.println("Wrote what the fast mode made of each text to " + outputs);
    }
    List<Run> runs = new ArrayList<>();
    Run fast = measure(TextAnalyzers.FAST, () -> new FastSentimentAnalyzer(FastSentimentModel.load(),
        IntentRules.builtIn(), adapt, intentModel), texts, warmup, seconds, Integer.MAX_VALUE, out);
    runs.add(fast);
    Path also = args.path("also-model");
    if (also != null) {
      if (!Files.isRegularFile(also)) {
        throw new UsageException("--also-model: no such file " + also);
      }
      FastSentimentModel other;
      try (var reader = Files.newBufferedReader(also)) {
        other = FastSentimentModel.read(reader, also.toString());
      }
      runs.add(measure(TextAnalyzers.FAST, () -> new FastSentimentAnalyzer(other, IntentRules.builtIn(), adapt,
          intentModel), texts,
          warmup, seconds, Integer.MAX_VALUE, out));
    }
    double stageSeconds = args.number("stage-seconds", 3, 0, 3600);
    List<String[]> stageRows = stageSeconds > 0
        ? stages(new TextStageParts(FastSentimentModel.load(), IntentRules.builtIn()), texts, stageSeconds, out)
        : List.of();
    Run deep = measure(TextAnalyzers.DEEP, () -> TextAnalyzers.create(TextAnalyzers.DEEP),
        texts.subList(0, Math.min(deepTexts, texts.size())), warmup, 0, 1, out);
    runs.add(deep);
    out.println();
    out.printf(Locale.ROOT, "%-5s %-26s %9s %8s %10s %12s %9s %9s %9s%n", "mode", "model", "texts", "seconds",
        "texts/s", "texts/cpu-s", "p50 ms", "p99 ms", "accuracy");
    for (Run run : runs) {
      out.printf(Locale.ROOT, "%-5s %-26s %9d %8.2f %,10.1f %,12.1f %9.3f %9.3f %9s%n", run.mode(), run.model(),
          run.texts(), run.seconds(), run.throughput(), run.cpuThroughput(), run.percentileMillis(0.50),
          run.percentileMillis(0.99),
          run.evaluation() == null ? "-" : String.format(Locale.ROOT, "%.3f", run.evaluation().accuracy()));
    }
    if (!stageRows.isEmpty()) {
      out.printf(Locale.ROOT, "%nfast mode, each part alone (CPU time of the measuring thread; the parts after language "
          + "read only the texts read as English):%n");
      out.printf(Locale.ROOT, "%-12s %9s %14s %16s %16s%n", "part", "texts", "texts/cpu-s", "cpu-µs per text",
          "per input text");
      for (String[] row : stageRows) {
        out.printf(Locale.ROOT, "%-12s %9s %14s %16s %16s%n", (Object[]) row);
      }
      out.printf(Locale.ROOT, "%-12s %9d %14s %16.1f %16.1f%n", "whole stage", texts.size(),
          String.format(Locale.ROOT, "%,.1f", fast.cpuThroughput()), 1e6 / fast.cpuThroughput(),
          1e6 / fast.cpuThroughput());
    }
    out.printf(Locale.ROOT, "%nfast/deep throughput ratio: %,.0f× (per CPU second: %,.0f×)%n",
        fast.throughput() / deep.throughput(), fast.cpuThroughput() / deep.cpuThroughput());
    if (fast.evaluation() != null && deep.evaluation() != null) {
      out.printf(Locale.ROOT, "fast - deep accuracy: %+.1f points (on the %d texts deep read)%n",
          100 * (fast.evaluation().accuracy() - deep.evaluation().accuracy()), deep.evaluation().total());
    }
    return 0;
  }

  /**
   * @param minSeconds measure at least this long (0: one pass)
   * @param maxPasses stop after this many passes over the texts
   */
  private static Run measure(String mode, java.util.function.Supplier<TextAnalyzer> analyzer, List<LabelledText> texts,
      double warmupSeconds, double minSeconds, int maxPasses, PrintStream out) {
    long loadStart = System.nanoTime();
    try (TextPipeline pipeline = new TextPipeline(analyzer.get())) {
      out.printf(Locale.ROOT, "%s: model %s loaded in %.1f s; warming up for %.0f CPU s ...%n", mode,
          pipeline.modelName(), (System.nanoTime() - loadStart) / 1e9, warmupSeconds);
      out.flush();
      warmUp(() -> {
        for (int i = 0; i < texts.size(); i++) {
          pipeline.read(texts.get(i).text(), null);
          if (i % 64 == 63 && warmedUp(warmupSeconds)) {
            return;
          }
        }
      }, warmupSeconds);
      boolean labelled = texts.stream().allMatch(t -> t.label() != null);
      ClassifierScores evaluation = labelled ? new ClassifierScores() : null;
      List<long[]> chunks = new ArrayList<>();
      long[] chunk = new long[texts.size()];
      long count = 0;
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
      long cpuStart = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
      long start = System.nanoTime();
      long minEnd = start + (long) (minSeconds * 1e9);
      int pass = 0;
      do {
        for (int i = 0; i < texts.size(); i++) {
          long t0 = System.nanoTime();
          TextPipeline.Reading reading = pipeline.read(texts.get(i).text(), null);
          chunk[i] = System.nanoTime() - t0;
          if (pass == 0 && evaluation != null) {
            evaluation.add(texts.get(i).label(), reading.result());
          }
        }
        chunks.add(chunk.clone());
        count += texts.size();
        pass++;
      } while (pass < maxPasses && System.nanoTime() < minEnd);
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpuElapsed = cpuTime ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : 0;
      long[] nanos = new long[(int) Math.min(Integer.MAX_VALUE - 8, count)];
      int k = 0;
      for (long[] c : chunks) {
        for (long v : c) {
          if (k < nanos.length) {
            nanos[k++] = v;
          }
        }
      }
      out.printf(Locale.ROOT, "%s: %,d texts in %.2f s%n", mode, count, elapsed);
      out.flush();
      return new Run(mode, pipeline.modelName(), count, elapsed, cpuElapsed, nanos, evaluation);
    }
  }

  private static final ThreadLocal<long[]> WARMUP_START = new ThreadLocal<>();

  /** Repeats {@code pass} until the thread has used {@code seconds} of CPU (of wall time without CPU clocks). */
  private static void warmUp(Runnable pass, double seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    WARMUP_START.set(new long[] {cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime(), cpu ? 1 : 0});
    while (!warmedUp(seconds)) {
      pass.run();
    }
  }

  private static boolean warmedUp(double seconds) {
    long[] start = WARMUP_START.get();
    long now = start[1] == 1 ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    return now - start[0] >= (long) (seconds * 1e9);
  }

  /**
   * Each part of the fast stage alone: a warm-up pass, then passes until {@code seconds} of wall
   * time have gone; rows of part, texts, texts per CPU second and CPU microseconds per text read.
   */
  private static List<String[]> stages(TextStageParts parts, List<LabelledText> texts, double seconds,
      PrintStream out) {
    out.printf(Locale.ROOT, "fast: timing each part alone for %.0f s ...%n", seconds);
    out.flush();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<String[]> rows = new ArrayList<>();
    long sink = 0;
    for (TextStageParts.Part part : parts.parts(texts.stream().map(LabelledText::text).toList())) {
      if (part.texts() == 0) {
        continue;
      }
      sink += part.pass().getAsLong();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long read = 0;
      do {
        sink += part.pass().getAsLong();
        read += part.texts();
      } while (System.nanoTime() < end);
      double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      double passes = (double) read / part.texts();
      rows.add(new String[] {part.name(), String.valueOf(part.texts()), String.format(Locale.ROOT, "%,.1f", read / cpu),
          String.format(Locale.ROOT, "%.1f", 1e6 * cpu / read),
          String.format(Locale.ROOT, "%.1f", 1e6 * cpu / (passes * texts.size()))});
    }
    if (sink == 42) {
      out.println(); // uses the results, so that no pass can be left out
    }
    return rows;
  }

  /** One line per text ({@link ReadingLines}), the texts read in file order by one fresh pipeline, as in the first pass. */
  private static void writeOutputs(Path file, List<LabelledText> texts, TextAnalyzer analyzer) throws IOException {
    try (TextPipeline pipeline = new TextPipeline(analyzer);
        var writer = Files.newBufferedWriter(file)) {
      for (LabelledText text : texts) {
        writer.write(ReadingLines.line(pipeline.read(text.text(), null)));
        writer.write('\n');
      }
    }
  }

  /** The file's texts; labels when every line has a valid one, otherwise none. */
  private static List<LabelledText> texts(Path file) throws IOException {
    try {
      return LabelledTexts.read(file).texts();
    } catch (IllegalArgumentException notLabelled) {
      List<LabelledText> texts = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          texts.add(new LabelledText(line, null));
        }
      }
      return texts;
    }
  }
}
