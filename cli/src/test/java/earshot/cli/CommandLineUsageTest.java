package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad arguments to any command get the reason and the usage, with exit code 2, and run nothing. */
class CommandLineUsageTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "tail                              | expected one topic: alerts|customer-signals|customers|metrics",
      "tail alarms                       | expected one topic: alerts|customer-signals|customers|metrics",
      "identities                        | expected one action: load",
      "identities unload --csv x.csv     | expected one action: load",
      "identities load                   | --csv is required",
      "identities load --csv /no/such.csv | --csv: no such file",
      "identities load --csv             | --csv needs a value",
      "generate --days 2 --rate 1 --churners 5 --out x.jsonl | --churners needs --days 3 or more",
      "generate --days 4 --rate 1 --churners -1 --out x.jsonl | --churners must be a whole number from 0",
      "replay --input /no/such.jsonl     | --input: no such file",
      "tail alerts --max 0               | --max must be a whole number from 1",
      "tail alerts --max many            | --max must be a whole number from 1",
      "tail alerts --follow              | unknown option --follow",
      "cluster                           | expected one action: start|status|stop",
      "cluster restart                   | expected one action: start|status|stop",
      "deploy everything                 | expected one job: all|enrich|signals",
      "deploy all --cluster 127.0.0.1:1  | --cluster must be the REST URL of a Flink cluster",
      "upgrade all --savepoint-dir       | --savepoint-dir needs a value",
      "deploy all --set nonsense=1       | unknown setting",
      "bogus                             | unknown command 'bogus'",
      "services restart                  | expected one action: start|status|stop",
      "generate --rate 10 --out x.jsonl  | --days is required",
      "generate --days 1 --out x.jsonl   | --rate is required",
      "generate --days x --rate 1 --out y| --days must be a number",
      "generate --days 1 --rate 1        | --out is required",
      "generate --days 1 --rate 1 --out x --start yesterday | --start must be an ISO-8601 instant",
      "generate --days 1 --rate 1 --out x --incidents nowhere.json | --incidents: no such file",
      "replay                            | --input is required",
      "replay --input nowhere.jsonl      | --input: no such file",
      "backtest --input nowhere.csv      | --input: no such file",
      "backtest --nab /no/such/folder    | --nab: no such folder",
      "demo --days 0                     | --days must be a number from 1.5",
      "demo --rate lots                  | --rate must be a number",
      "bench pipeline --count 10         | --count must be a whole number from 1000",
      "bench pipeline --window soon      | --window must be an ISO-8601 duration",
      "bench pipeline --per-minute 0     | --per-minute must be a whole number from 1",
      "bench pipeline --es-warm-up x     | --es-warm-up must be a whole number from 0",
      "bench pipeline --rounds 0         | --rounds must be a whole number from 1",
      "bench detection --days 2          | --days must be a number from 2.5",
      "bench detection --streams 0       | --streams must be a whole number from 1",
      "bench detection --incidents many  | --incidents must be a whole number from 0",
      "bench detection --rate 0          | --rate must be a number from 0.1",
      "bench detection week              | unexpected argument 'week'",
      "config --set text.mode=medium     | text.mode",
      "setup extra                       | unexpected argument 'extra'",
      "produce --input /no/such.jsonl    | --input: no such file",
      "produce --rate 0                  | --rate must be a number from 0.001",
      "produce --rate fast               | --rate must be a number",
      "produce --follow                  | unknown option --follow",
      "produce --topic                   | --topic needs a value",
      "produce week.jsonl                | unexpected argument 'week.jsonl'",
      "churn                             | which churn command? calibrate",
      "churn recalibrate                 | unknown churn command 'recalibrate'",
      "churn calibrate --outcomes x.csv  | --history is required",
      "churn calibrate --history /no/such.jsonl --outcomes x.csv | --history: no such file",
      "churn calibrate --history pom.xml --outcomes pom.xml --holdout 1 | --holdout must be a number",
      "generate --days 4 --rate 1 --out x.jsonl --outcomes y.csv | --outcomes needs churners",
      "sentiment --eval-intents q.csv --map /no/such.tsv | --map: no such file",
      "sentiment --eval-intents q.csv --mode deep | intents are measured in the fast mode",
      "sentiment --eval-intents q.csv --train-intents | do not go together",
      "sentiment --eval-intents q.csv --eval x.tsv | --eval does not go with --eval-intents",
      "sentiment --map m.tsv             | --map goes with --eval-intents",
      "sentiment --none-texts t.txt      | --none-texts go with --train-intents",
      "sentiment --intent-model /no/such.model | --intent-model: no such file",
      "sentiment --mode deep --intent-model on | --intent-model goes with --mode fast",
      "sentiment --eval pom.xml --prior-shrink 1.5 | --prior-shrink must be a number from 0.0 to 1.0",
      "sentiment --social-lexicon off    | --word-clusters and --more-tweets go with --train",
      "sentiment --word-clusters         | --word-clusters and --more-tweets go with --train",
      "sentiment --calibrate bcts --word-clusters | --word-clusters does not go with --calibrate without --train",
      "sentiment --eval pom.xml --adapt maybe | --adapt must be on or off, got 'maybe'",
      "sentiment --eval pom.xml --adapt off --prior-shrink 0.5 | --estimator and --prior-shrink go with --adapt on"})
  void badArgumentsPrintTheReasonAndExitWith2(String arguments, String reason) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(Path.of("."), Map.of("EARSHOT_KAFKA_BOOTSTRAP", "127.0.0.1:1", "EARSHOT_ES_URL", "http://127.0.0.1:1"),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    int code = new Earshot().run(arguments.strip().split("\\s+"), cli);

    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(errors).isEqualTo(2);
    assertThat(errors).contains(reason);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void filesThatAreNotUtf8AreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, "timestamp,value\n2026-01-01T00:00:00Z,1\n2026-01-01T00:05:00Z,\u00e0\u00c4\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(Path.of("."), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    int code = new Earshot().run(new String[] {"backtest", "--input", latin1.toString()}, cli);

    String errors = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(errors).isEqualTo(2);
    assertThat(errors).contains(latin1.toString()).contains("not UTF-8 text");
  }
}
