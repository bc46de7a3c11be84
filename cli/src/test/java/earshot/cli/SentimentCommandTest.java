package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import earshot.deploy.testing.RealServicesExtension;
import earshot.jobs.text.FastSentimentModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Cli cli = new Cli(RealServicesExtension.projectHome(), Map.of(),
      new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

  private List<JsonNode> stream(byte[] input, String... args) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int code = new SentimentCommand(new ByteArrayInputStream(input), stdout).run(List.of(args), cli);
    assertThat(code).isZero();
    List<JsonNode> results = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isEmpty()) {
        results.add(json.readTree(line));
      }
    }
    return results;
  }

  /** Every one of the 3,080 real customer queries of Banking77 (data/real/banking77) gets its answer, in order. */
  @Test
  void answersEveryLineOfARealCustomerCorpus() throws Exception {
    String csv = Files.readString(RealServicesExtension.projectHome().resolve("data/real/banking77/test.csv"));
    List<String> texts = earshot.jobs.io.CsvRecords.column(csv, "text").stream()
        .map(t -> t.replace('\n', ' ').replace('\r', ' ')).toList();
    assertThat(texts).hasSize(3080);
    List<JsonNode> results = stream((String.join("\n", texts) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(results).hasSize(texts.size());
    for (JsonNode result : results) {
      assertThat(Set.of("negative", "neutral", "positive")).contains(result.path("label").asText());
    }
    // Questions about lost cards and missing transfers are not all the same feeling: the model tells them apart.
    assertThat(results.stream().map(r -> r.path("label").asText()).distinct().count()).isEqualTo(3);
  }

  @Test
  void oneJsonObjectPerInputLineInOrder() throws Exception {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes("waiting three weeks, nobody answered\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes("The engineer was brilliant, thank you!\r\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, '\n'});
    input.writeBytes("😡😡😡 #fail @NovaTelHelp\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes(("x".repeat(3 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
    input.writeBytes("Mon colis n'est toujours pas arrivé.\n".getBytes(StandardCharsets.UTF_8));
    input.writeBytes("call me on 07700 900461, last line without an end".getBytes(StandardCharsets.UTF_8));
    List<JsonNode> results = stream(input.toByteArray());

    assertThat(results).hasSize(8);
    for (JsonNode result : results) {
      assertThat(Set.of("negative", "neutral", "positive")).contains(result.path("label").asText());
      assertThat(result.path("score").asDouble()).isBetween(-1.0, 1.0);
      assertThat(result.path("confidence").asDouble()).isBetween(0.0, 1.0);
      assertThat(result.path("intents").isArray()).isTrue();
      assertThat(result.has("text")).isFalse();
    }
    assertThat(results.get(0).path("label").asText()).isEqualTo("negative");
    assertThat(results.get(1).path("label").asText()).isEqualTo("neutral");
    assertThat(results.get(1).path("status").asText()).isEqualTo("NO_TEXT");
    assertThat(results.get(2).path("label").asText()).isEqualTo("positive");
    assertThat(results.get(2).path("intents").toString()).contains("praise");
    assertThat(results.get(6).path("status").asText()).isEqualTo("UNSUPPORTED_LANGUAGE");
    assertThat(results.get(6).path("language").asText()).isEqualTo("fr");
    assertThat(results.get(7).path("redactions").path("PHONE").asInt()).isEqualTo(1);
    assertThat(results.get(7).path("intents").toString()).contains("callback_request");
  }

  @Test
  void withTextShowsTheRedactedText() throws Exception {
    List<JsonNode> results = stream("mail me at jo@example.com\n".getBytes(StandardCharsets.UTF_8), "--with-text");
    assertThat(results).singleElement().satisfies(r -> assertThat(r.path("text").asText()).isEqualTo("mail me at [EMAIL]"));
  }

  @Test
  void evalPrintsAccuracyMacroF1AndTheConfusionMatrix(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("cx.tsv"), """
        The app keeps crashing\tnegative
        Nobody answered my emails\tnegative
        What time do you open?\tneutral
        Thanks, brilliant service\tpositive
        """);
    Path binary = Files.writeString(dir.resolve("reviews.txt"), "Loved it.  \t1\nAwful food.\t0\n");
    int code = new SentimentCommand().run(List.of("--eval", file.toString(), "--eval", binary.toString()), cli);
    assertThat(code).isZero();
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).contains(file + ": 4 texts, labels negative/neutral/positive, mode fast")
        .contains("accuracy   1.000")
        .contains("macro-F1   1.000   (over negative, neutral, positive)")
        .contains("confusion matrix (rows: true label, columns: predicted)")
        .contains(binary + ": 2 texts, binary labels")
        .contains("by the sign of the score")
        .contains("(over negative, positive)");
  }

  @Test
  void evalOfAComplaintSetCountsAComplaintReadAsNegativeAndAnythingElseAsNotAComplaint(@TempDir Path dir)
      throws Exception {
    // A question and a thank-you are no complaints whether they are read as neutral or as positive.
    Path file = Files.writeString(dir.resolve("complaints.tsv"), """
        @shop the app keeps crashing and nobody answers my emails	complaint
        @shop what time do you open on Sunday?	not-complaint
        @shop thanks, brilliant service today	not-complaint
        """);
    int code = new SentimentCommand().run(List.of("--eval", file.toString(), "--adapt", "off"), cli);
    assertThat(code).isZero();
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).contains(file + ": 3 texts, labels complaint/not-complaint")
        .contains("accuracy   1.000   (complaint = read as negative)")
        .contains("(over complaint, not-complaint)")
        .contains("reading everything as not a complaint would score accuracy 0.667")
        .containsPattern("complaint +1 +0 +0")
        .containsPattern("not-complaint +0 +1 +1");
  }

  @Test
  void trainWithoutDataWritesAModelOfTheCustomerServiceTexts(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.txt");
    int code = new SentimentCommand().run(List.of("--train", "--out", model.toString()), cli);
    assertThat(code).isZero();
    FastSentimentModel trained = FastSentimentModel.read(Files.newBufferedReader(model), model.toString());
    FastSentimentModel shipped = FastSentimentModel.load();
    String cxLine = trained.comments().stream().filter(c -> c.startsWith("trained-on: data/cx/train.tsv")).findFirst()
        .orElseThrow();
    // The shipped model learned from the same customer-service texts (same SHA-256), with tweets besides.
    assertThat(shipped.comments()).anySatisfy(c -> assertThat(c).startsWith(cxLine.substring(0, cxLine.indexOf(", weight")))
        .contains(cxLine.substring(cxLine.indexOf("sha256"))));
    assertThat(trained.featureCount()).isPositive().isLessThan(shipped.featureCount());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Trained the fast model");
  }

  @Test
  void calibrateWritesACalibratedModelAndEvalPrintsItsCalibrationAndThePriorInUse(@TempDir Path dir)
      throws Exception {
    Path raw = dir.resolve("raw.model");
    assertThat(new SentimentCommand().run(List.of("--train", "--out", raw.toString()), cli)).isZero();
    // The mechanics only: the held-out CX texts stand in for the tuning tweets here.
    Path tsv = Files.createDirectories(dir.resolve("data/tsv"));
    Files.copy(RealServicesExtension.projectHome().resolve("data/cx/eval.tsv"), tsv.resolve("semeval-tune.tsv"));
    Path calibrated = dir.resolve("calibrated.model");
    assertThat(new SentimentCommand().run(List.of("--calibrate", "bcts", "--model", raw.toString(), "--data",
        dir.resolve("data").toString(), "--out", calibrated.toString()), cli)).isZero();
    FastSentimentModel model = FastSentimentModel.read(Files.newBufferedReader(calibrated), calibrated.toString());
    assertThat(model.calibration()).isNotNull();
    assertThat(model.calibration().temperature()).isPositive();
    assertThat(model.comments()).anySatisfy(c -> assertThat(c).startsWith("calibrated-on: tsv/semeval-tune.tsv (343 texts"));
    out.reset();
    assertThat(new SentimentCommand().run(List.of("--eval",
        RealServicesExtension.projectHome().resolve("data/cx/eval.tsv").toString(), "--model", calibrated.toString()),
        cli)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("calibration: temperature").contains("prior in use     negative")
        .contains("true shares      negative 0.399  neutral 0.300  positive 0.300");
  }

  @Test
  void trainingWithoutTheTuningPartRecordsItsConfusionMatrixWhichEvalSolvesAgainst(@TempDir Path dir)
      throws Exception {
    // The mechanics only: the CX texts stand in for the tweets.
    Path tsv = Files.createDirectories(dir.resolve("data/tsv"));
    Files.copy(RealServicesExtension.projectHome().resolve("data/cx/train.tsv"), tsv.resolve("semeval-train.tsv"));
    Files.copy(RealServicesExtension.projectHome().resolve("data/cx/eval.tsv"), tsv.resolve("semeval-tune.tsv"));
    Path file = dir.resolve("held-out.model");
    assertThat(new SentimentCommand().run(List.of("--train", "--data", dir.resolve("data").toString(),
        "--hold-out-tune", "--out", file.toString()), cli)).isZero();
    FastSentimentModel model = FastSentimentModel.read(Files.newBufferedReader(file), file.toString());
    assertThat(model.confusion()).isNotNull();
    assertThat(model.confusion()[0][0]).isGreaterThan(0.5);
    assertThat(model.comments()).anySatisfy(c -> assertThat(c).startsWith("confusion-on: tsv/semeval-tune.tsv (343 texts"));
    assertThat(model.comments()).noneSatisfy(c -> assertThat(c).startsWith("trained-on: tsv/semeval-tune.tsv"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Confusion on tsv/semeval-tune.tsv");
    String eval = RealServicesExtension.projectHome().resolve("data/cx/eval.tsv").toString();
    out.reset();
    assertThat(new SentimentCommand().run(List.of("--eval", eval, "--model", file.toString(), "--estimator", "bbse"),
        cli)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("estimates, BBSE)");
    out.reset();
    assertThat(new SentimentCommand().run(List.of("--eval", eval, "--model", file.toString()), cli)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("estimates, EM)");
    assertThat(new Earshot().run(new String[] {"sentiment", "--eval", eval, "--estimator", "mle"}, cli)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--estimator must be bbse or em");
  }

  @Test
  void trainWithDataThatWasNotPreparedIsAUsageError(@TempDir Path dir) throws Exception {
    assertThat(new Earshot().run(new String[] {"sentiment", "--train", "--data", dir.toString()}, cli)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--prepare-data");
  }

  @Test
  void moreTweetsJoinTheTrainingTextsAndNeedTheirPreparedFiles(@TempDir Path dir) throws Exception {
    // The mechanics only: the CX texts stand in for the tweets.
    Path tsv = Files.createDirectories(dir.resolve("data/tsv"));
    Path cx = RealServicesExtension.projectHome().resolve("data/cx/train.tsv");
    Files.copy(cx, tsv.resolve("semeval-train.tsv"));
    Files.copy(RealServicesExtension.projectHome().resolve("data/cx/eval.tsv"), tsv.resolve("semeval-tune.tsv"));
    Path file = dir.resolve("more.model");
    List<String> command = List.of("--train", "--data", dir.resolve("data").toString(), "--more-tweets", "--out",
        file.toString());
    String[] withSentiment = java.util.stream.Stream.concat(java.util.stream.Stream.of("sentiment"), command.stream())
        .toArray(String[]::new);
    assertThat(new Earshot().run(withSentiment, cli)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--more-tweets: no ").contains("brands.tsv");
    assertThat(file).doesNotExist();
    Files.copy(cx, tsv.resolve("brands.tsv"));
    Files.writeString(tsv.resolve("emotion-tweets.tsv"), "great support today\tpositive\n");
    assertThat(new SentimentCommand().run(command, cli)).isZero();
    FastSentimentModel model = FastSentimentModel.read(Files.newBufferedReader(file), file.toString());
    assertThat(model.comments()).anySatisfy(c -> assertThat(c).startsWith("trained-on: tsv/brands.tsv (869 texts"));
    assertThat(model.comments()).anySatisfy(c -> assertThat(c).startsWith("trained-on: tsv/emotion-tweets.tsv (1 texts"));
    assertThat(new Earshot().run(new String[] {"sentiment", "--train", "--more-tweets", "--out", file.toString()}, cli))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--more-tweets needs --data");
  }

  @Test
  void badArgumentsAreUsageErrors(@TempDir Path dir) throws Exception {
    Path badLabels = Files.writeString(dir.resolve("bad.tsv"), "fine\tgood\n");
    Path badRules = Files.writeString(dir.resolve("rules.txt"), "outage /down/\n");
    Earshot earshot = new Earshot();
    assertThat(earshot.run(new String[] {"sentiment", "--mode", "medium"}, cli)).isEqualTo(2);
    assertThat(earshot.run(new String[] {"sentiment", "--eval", dir.resolve("missing.tsv").toString()}, cli)).isEqualTo(2);
    assertThat(earshot.run(new String[] {"sentiment", "--eval", badLabels.toString()}, cli)).isEqualTo(2);
    assertThat(earshot.run(new String[] {"sentiment", "--out", "x"}, cli)).isEqualTo(2);
    assertThat(earshot.run(new String[] {"sentiment", "--intent-rules", badRules.toString()}, cli)).isEqualTo(2);
    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(errors).contains("--mode must be one of fast|deep")
        .contains("bad.tsv line 1: label 'good' is not negative, neutral, positive, 0, 1, complaint or not-complaint")
        .contains(badRules + ":1: expected 'intent: pattern'")
        .contains("usage: ./earshot sentiment");
  }

  @Test
  void listedAmongTheCommands() {
    Earshot earshot = new Earshot();
    assertThat(earshot.run(new String[] {"--help"}, cli)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("sentiment").contains("bench");
  }

  @Test
  void evalIntentsPrintsPerCodePrecisionAndRecallForRulesAloneAndWithTheModel(@TempDir Path dir) throws Exception {
    Path queries = dir.resolve("q.csv");
    Files.writeString(queries, """
        text,category
        I want my money back for the shoes,request_refund
        "Please, where is my refund?",request_refund
        What are your opening hours?,opening_hours
        How do I change my PIN?,change_pin
        Is this about something else?,maybe
        """);
    Path map = dir.resolve("map.tsv");
    Files.writeString(map, "# test map\nrequest_refund\trefund\nopening_hours\tnone\nchange_pin\tnone\nmaybe\tskip\n");
    int code = new SentimentCommand().run(List.of("--eval-intents", queries.toString(), "--map", map.toString()), cli);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed).contains("5 labelled queries").contains("rules alone").contains("rules + learned model")
        .contains("4 queries scored, 1 skipped").contains("macro average").contains("confusion");
    // both refund queries name the refund outright: the rules find them, with nothing wrong on the negatives
    assertThat(printed).containsPattern("refund\\s+2\\s+1\\.000\\s+1\\.000");
  }
}
