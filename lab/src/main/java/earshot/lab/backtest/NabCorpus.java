package earshot.lab.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a NAB-shaped folder: one {@code timestamp,value} CSV per series under a folder per
 * category, {@code combined_windows.json} (series name to its windows) and optionally
 * {@code profiles.json}. Only series named in the windows file are read, in name order.
 * Also reads a published results folder ({@code <detector>/<category>/<detector>_<file>.csv}
 * with an {@code anomaly_score} column).
 */
public final class NabCorpus {

  /** One series: its name ({@code category/file.csv}), rows and labelled windows. */
  public record Data(String name, long[] timestamps, double[] values, List<NabScorer.Window> windows) {

    /** The same series with one anomaly score per row, for the scorer. */
    public NabScorer.Series scored(double[] scores) {
      return new NabScorer.Series(name, timestamps, scores, windows);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private NabCorpus() {}

  /** Every series of {@code dir} that its windows file names. */
  public static List<Data> read(Path dir) throws IOException {
    Path labels = dir.resolve("combined_windows.json");
    if (!Files.isRegularFile(labels)) {
      throw new IllegalArgumentException(dir + " has no combined_windows.json");
    }
    Map<String, List<NabScorer.Window>> windows = new TreeMap<>();
    JsonNode root = JSON.readTree(labels.toFile());
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      List<NabScorer.Window> list = new ArrayList<>();
      for (JsonNode pair : entry.getValue()) {
        if (!pair.isArray() || pair.size() != 2) {
          throw new IllegalArgumentException(labels + ": a window of " + entry.getKey() + " is not [start, end]: " + pair);
        }
        try {
          list.add(new NabScorer.Window(time(pair.get(0).asText()), time(pair.get(1).asText())));
        } catch (DateTimeException e) {
          throw new IllegalArgumentException(labels + ": a window of " + entry.getKey() + " has a time that is not "
              + "yyyy-MM-dd HH:mm:ss: " + pair);
        }
      }
      windows.put(entry.getKey(), list);
    }
    List<Data> out = new ArrayList<>();
    for (Map.Entry<String, List<NabScorer.Window>> entry : windows.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(entry.getKey() + " is labelled but " + file + " is missing");
      }
      List<String[]> rows = csv(file);
      int column = 1;
      long[] t = new long[rows.size()];
      double[] v = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        String[] row = rows.get(i);
        try {
          t[i] = time(row[0]);
          v[i] = Double.parseDouble(row[column]);
        } catch (DateTimeException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IllegalArgumentException(file + ": data row " + (i + 1) + " is not timestamp,value: '"
              + String.join(",", row) + "'");
        }
      }
      out.add(new Data(entry.getKey(), t, v, entry.getValue()));
    }
    return out;
  }

  /** The cost matrix of a profile from {@code profiles.json}, or the standard one when the file is absent. */
  public static NabScorer.CostMatrix profile(Path dir, String name) throws IOException {
    Path file = dir.resolve("profiles.json");
    if (!Files.isRegularFile(file)) {
      if (name.equals("standard")) {
        return NabScorer.CostMatrix.STANDARD;
      }
      throw new IllegalArgumentException(dir + " has no profiles.json for profile " + name);
    }
    JsonNode costs = JSON.readTree(file.toFile()).path(name).path("CostMatrix");
    if (costs.isMissingNode()) {
      throw new IllegalArgumentException("no profile '" + name + "' in " + file);
    }
    return new NabScorer.CostMatrix(costs.path("tpWeight").asDouble(), costs.path("fpWeight").asDouble(),
        costs.path("fnWeight").asDouble());
  }

  /**
   * A published detector's scores for every series of the corpus, from {@code resultsDir}
   * ({@code <category>/<detector>_<file>.csv}, the detector being the folder's name); series
   * without a results file are left out.
   */
  public static List<NabScorer.Series> published(Path resultsDir, List<Data> corpus) throws IOException {
    String detector = resultsDir.getFileName().toString();
    List<NabScorer.Series> out = new ArrayList<>();
    for (Data data : corpus) {
      int slash = data.name().indexOf('/');
      Path file = resultsDir.resolve(data.name().substring(0, slash))
          .resolve(detector + "_" + data.name().substring(slash + 1));
      if (Files.isRegularFile(file)) {
        out.add(data.scored(anomalyScores(file, data.timestamps().length)));
      }
    }
    return out;
  }

  /** The {@code anomaly_score} column of a NAB results file. */
  public static double[] anomalyScores(Path file, int expectedRows) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(file + " is empty");
    }
    List<String> header = List.of(lines.get(0).split(","));
    int column = header.indexOf("anomaly_score");
    if (column < 0) {
      throw new IllegalArgumentException(file + " has no anomaly_score column");
    }
    double[] scores = new double[lines.size() - 1];
    for (int i = 1; i < lines.size(); i++) {
      try {
        scores[i - 1] = Double.parseDouble(lines.get(i).split(",")[column]);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new IllegalArgumentException(file + ": line " + (i + 1) + " has no number in its anomaly_score column");
      }
    }
    if (expectedRows >= 0 && scores.length != expectedRows) {
      throw new IllegalArgumentException(file + " has " + scores.length + " rows, the series " + expectedRows);
    }
    return scores;
  }

  private static List<String[]> csv(Path file) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** NAB's times: {@code 2014-04-10 07:15:00} with optional fractions, read as UTC. */
  static long time(String text) {
    return LocalDateTime.parse(text.strip().replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
