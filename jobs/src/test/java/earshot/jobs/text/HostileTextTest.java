package earshot.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import earshot.schemas.TextStatus;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile text ({@link HostileTexts}) goes through the whole text stage, in both modes, and
 * must be answered: a reading with a status, scores in range, no card number left. Each text runs
 * on its own thread; a text that has not returned after {@link #HANG_LIMIT_SECONDS} is reported as
 * a hang by name. That limit is generous on purpose: it only tells a hang from slow work, it does
 * not measure anything (./earshot bench sentiment does).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTextTest {

  static final long HANG_LIMIT_SECONDS = 20;
  /** The deep mode parses with a PCFG (cubic in a sentence's length, up to 80 tokens): more room. */
  static final long DEEP_HANG_LIMIT_SECONDS = 120;

  private static final Map<String, String> TEXTS = HostileTexts.all();

  private TextPipeline fast;
  private TextPipeline deep;

  @BeforeAll
  void loadModels() {
    fast = new TextPipeline(new FastSentimentAnalyzer(IntentRules.builtIn()));
    deep = new TextPipeline(new DeepSentimentAnalyzer(IntentRules.builtIn()));
  }

  @AfterAll
  void close() {
    fast.close();
    deep.close();
  }

  static Stream<String> names() {
    return TEXTS.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void fastModeAnswersEveryText(String name) {
    check(name, answerOrReportHang(name, HANG_LIMIT_SECONDS, () -> fast.read(TEXTS.get(name), null)), fast);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void deepModeAnswersEveryText(String name) {
    check(name, answerOrReportHang(name, DEEP_HANG_LIMIT_SECONDS, () -> deep.read(TEXTS.get(name), "en")), deep);
  }

  @Test
  void corpusHoldsWhatItPromises() {
    assertThat(TEXTS).hasSizeGreaterThanOrEqualTo(45);
    assertThat(TEXTS.get("mebibyte without a space")).hasSizeGreaterThanOrEqualTo(HostileTexts.MEBIBYTE);
    assertThat(TEXTS.get("mebibyte of customer prose")).hasSizeGreaterThanOrEqualTo(HostileTexts.MEBIBYTE);
    assertThat(TEXTS.get("fifty thousand digits")).hasSize(50_000).containsOnlyDigits();
    assertThat(TEXTS.get("deeply nested round brackets")).startsWith("(".repeat(1000)).endsWith(")".repeat(1000));
    assertThat(TEXTS.get("huge e-mail local part")).hasSizeGreaterThan(200_000).endsWith("@example.com");
    assertThat(TEXTS.get("unpaired surrogates").chars().filter(c -> Character.isSurrogate((char) c)).count()).isGreaterThan(50_000);
    assertThat(TEXTS.get("random characters").chars().anyMatch(c -> Character.isLowSurrogate((char) c))).isTrue();
    assertThat(TEXTS.get("brackets and plus glued to words")).contains("seat(2", "to(4)", "A+1");
    assertThat(TEXTS).containsKeys("glued brackets and plus", "rtl and bidi marks", "zero width and controls",
        "emoji and zwj", "html and urls");
    assertThat(HostileTexts.all()).isEqualTo(TEXTS); // generated the same way every time
  }

  private void check(String name, TextPipeline.Reading reading, TextPipeline pipeline) {
    assertThat(reading).as(name).isNotNull();
    assertThat(pipeline.failures()).as("analyzer failures so far, at " + name).isZero();
    assertThat(reading.status()).as(name).isIn(TextStatus.ANALYSED, TextStatus.UNSUPPORTED_LANGUAGE, TextStatus.NO_TEXT);
    if (reading.status() == TextStatus.ANALYSED) {
      assertThat(reading.result().score()).as(name).isBetween(-1.0, 1.0);
      assertThat(reading.result().confidence()).as(name).isBetween(0.0, 1.0);
    }
    if (reading.text() != null) {
      assertThat(FuzzText.survivingCard(reading.text())).as("card number left in " + name).isNull();
    }
  }

  /** Runs the work on its own daemon thread; a hang fails with the text's name and leaves the thread behind. */
  static <T> T answerOrReportHang(String name, long limitSeconds, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, "hostile-text " + name);
    thread.setDaemon(true);
    thread.start();
    try {
      return task.get(limitSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      StackTraceElement[] where = thread.getStackTrace();
      thread.interrupt();
      return fail("the text stage did not answer '" + name + "' within " + limitSeconds + " s: a hang, at "
          + (where.length > 0 ? where[0] : "?"));
    } catch (ExecutionException e) {
      return fail("the text stage failed on '" + name + "'", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
