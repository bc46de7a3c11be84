package earshot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.jobs.enrich.InteractionValidator;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line handling of {@code ./earshot produce}, without Kafka: what is sent, what is rejected and where. */
class ProduceLoopTest {

  private static final Instant NOW = Instant.parse("2026-11-02T12:00:00Z");
  private static final InteractionValidator VALIDATOR = new InteractionValidator(Instant.parse("2000-01-01T00:00:00Z"),
      Duration.ofHours(1));

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<Interaction> sent = new ArrayList<>();
  private final FakePaceClock clock = new FakePaceClock(NOW.toEpochMilli());

  private static String line(String id, Instant occurredAt) {
    return JsonCodec.toJson(Interaction.newBuilder().setInteractionId(id).setChannel(Channel.CHAT)
        .setOccurredAt(occurredAt).setNps(9).setText("thanks, sorted").build());
  }

  private ProduceLoop.Totals run(boolean live, double rate, List<String> lines) throws Exception {
    ProduceLoop loop = new ProduceLoop(VALIDATOR, live, rate, clock, new PrintStream(err, true, StandardCharsets.UTF_8),
        5_000_000_000L);
    byte[] input = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    return loop.run(new LineReader(new ByteArrayInputStream(input), ProduceLoop.MAX_LINE_BYTES, () -> { }),
        new ProduceLoop.Sink() {
          @Override
          public void send(Interaction interaction) {
            sent.add(interaction);
            clock.advanceNanos(100_000);
          }

          @Override
          public void flush() {}
        });
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sendsValidLinesInFileOrderAndReportsEachBadOneWithItsLineNumberAndReason() throws Exception {
    String good = line("i-1", NOW.minusSeconds(60));
    List<String> lines = List.of(
        good,
        "{\"interactionId\": \"i-2\", \"channel\": \"CHAT\"",
        line("i-3", NOW.minusSeconds(30)),
        "",
        good.replace("\"nps\":9", "\"nps\":11").replace("i-1", "i-5"),
        "not json at all",
        good.replace(NOW.minusSeconds(60).toString(), "last tuesday").replace("i-1", "i-7"),
        line("i-8", NOW.plus(Duration.ofHours(3))),
        "[1, 2]",
        line("i-10", NOW.minusSeconds(10)) + "\r");

    ProduceLoop.Totals totals = run(false, 0, lines);

    assertThat(sent).extracting(Interaction::getInteractionId).containsExactly("i-1", "i-3", "i-10");
    assertThat(totals.read()).isEqualTo(9);
    assertThat(totals.sent()).isEqualTo(3);
    assertThat(totals.rejected()).isEqualTo(6);
    assertThat(totals.exitCode()).isEqualTo(3);
    List<String> reported = errors().lines().toList();
    assertThat(reported).hasSize(6);
    assertThat(reported.get(0)).startsWith("earshot produce: line 2 rejected: not valid JSON");
    assertThat(reported.get(1)).startsWith("earshot produce: line 5 rejected: nps is 11, must be 0 to 10");
    assertThat(reported.get(2)).startsWith("earshot produce: line 6 rejected: not valid JSON");
    assertThat(reported.get(3)).startsWith("earshot produce: line 7 rejected:").contains("occurredAt");
    assertThat(reported.get(4)).startsWith("earshot produce: line 8 rejected: occurredAt").contains("in the future");
    assertThat(reported.get(5)).startsWith("earshot produce: line 9 rejected: expected a JSON object");
    assertThat(totals.summary()).startsWith("read 9 lines, sent 3, rejected 6 in ");
  }

  @Test
  void aCleanFileExitsWithZeroAndReportsNothing() throws Exception {
    ProduceLoop.Totals totals = run(false, 0, List.of(line("a", NOW), line("b", NOW), ""));
    assertThat(totals.exitCode()).isZero();
    assertThat(totals.sent()).isEqualTo(2);
    assertThat(errors()).isEmpty();
  }

  @Test
  void afterTwentyRejectedLinesOnlyACountFollows() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      lines.add(i % 2 == 0 ? line("i-" + i, NOW) : "{oops");
    }
    ProduceLoop.Totals totals = run(false, 0, lines);
    assertThat(totals.rejected()).isEqualTo(25);
    assertThat(sent).hasSize(25);
    List<String> reported = errors().lines().toList();
    assertThat(reported).hasSize(ProduceLoop.DETAILED + 1);
    assertThat(reported.get(19)).startsWith("earshot produce: line 39 rejected:");
    assertThat(reported.get(20)).isEqualTo("earshot produce: ... and 5 more rejected lines (25 in all)");
  }

  @Test
  void liveAcceptsARecordFromTheFutureAndSendsItWhenItsTimeComes() throws Exception {
    Instant later = NOW.plus(Duration.ofHours(3));
    List<Long> sentAt = new ArrayList<>();
    ProduceLoop loop = new ProduceLoop(VALIDATOR, true, 0, clock, new PrintStream(err, true, StandardCharsets.UTF_8),
        5_000_000_000L);
    byte[] input = String.join("\n", line("past", NOW.minusSeconds(3600)), line("later", later))
        .getBytes(StandardCharsets.UTF_8);
    ProduceLoop.Totals totals = loop.run(new LineReader(new ByteArrayInputStream(input), 1 << 20, () -> { }),
        new ProduceLoop.Sink() {
          @Override
          public void send(Interaction interaction) {
            sent.add(interaction);
            sentAt.add(clock.wallMillis);
          }

          @Override
          public void flush() {}
        });
    assertThat(totals.exitCode()).isZero();
    assertThat(sentAt).containsExactly(NOW.toEpochMilli(), later.toEpochMilli());
    // three hours of waiting were reported every five seconds, not once per second or never
    List<String> progress = errors().lines().toList();
    assertThat(progress).hasSizeBetween(3 * 3600 / 5 - 2, 3 * 3600 / 5 + 1);
    assertThat(progress.get(0)).contains("1 sent").contains("waiting for the next record's time " + later);
  }

  @Test
  void aFailedSendStopsTheRunWithExitCode1() throws Exception {
    ProduceLoop loop = new ProduceLoop(VALIDATOR, false, 0, clock, new PrintStream(err, true, StandardCharsets.UTF_8),
        5_000_000_000L);
    byte[] input = String.join("\n", line("a", NOW), line("b", NOW), line("c", NOW)).getBytes(StandardCharsets.UTF_8);
    ProduceLoop.Totals totals = loop.run(new LineReader(new ByteArrayInputStream(input), 1 << 20, () -> { }),
        new ProduceLoop.Sink() {
          @Override
          public void send(Interaction interaction) throws ProduceLoop.SendException {
            if (interaction.getInteractionId().equals("b")) {
              throw new ProduceLoop.SendException("sending to t failed: broker gone", null);
            }
            sent.add(interaction);
          }

          @Override
          public void flush() {}
        });
    assertThat(sent).hasSize(1);
    assertThat(totals.exitCode()).isEqualTo(1);
    assertThat(totals.sent()).isEqualTo(1);
    assertThat(errors()).contains("sending to t failed: broker gone (at line 2; stopped there");
  }

  @Test
  void aLineLongerThanTheLimitIsRejectedNotHeld() throws Exception {
    String huge = "{\"interactionId\":\"" + "x".repeat(ProduceLoop.MAX_LINE_BYTES) + "\"}";
    ProduceLoop.Totals totals = run(false, 0, List.of(line("a", NOW), huge, line("b", NOW)));
    assertThat(totals.rejected()).isEqualTo(1);
    assertThat(errors()).contains("line 2 rejected: line is longer than");
  }

  @Test
  void progressOnALongRunEveryFiveSecondsNotPerRecord() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      lines.add(line("i-" + i, NOW.minusSeconds(400 - i)));
    }
    // 400 records at 20/s take 20 s: about four reports
    ProduceLoop.Totals totals = run(false, 20, lines);
    assertThat(totals.sent()).isEqualTo(400);
    assertThat(totals.seconds()).isBetween(19.9, 20.1);
    List<String> progress = errors().lines().toList();
    assertThat(progress).hasSizeBetween(3, 4);
    assertThat(progress.get(0)).matches("  \\d+ sent \\(20/s\\), at 2026-11-02T11:5\\d:\\d\\dZ");
  }
}
