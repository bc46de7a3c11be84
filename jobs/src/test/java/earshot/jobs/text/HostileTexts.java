package earshot.jobs.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Texts built to hurt a text stage: huge, repetitive, nested, full of digits, separators, marks and
 * broken characters, each aimed at one scan or pattern of the redactor, tokenizer or models. The long
 * ones are generated here (deterministically); short literal ones are files under
 * {@code src/test/resources/earshot/jobs/text/hostile/}. Names say what each text is.
 */
final class HostileTexts {

  static final int MEBIBYTE = 1 << 20;

  private HostileTexts() {}

  /** Every hostile text by name, generated ones first, then the literal files. */
  static Map<String, String> all() {
    Map<String, String> texts = new LinkedHashMap<>(generated());
    texts.putAll(literals());
    return texts;
  }

  static Map<String, String> generated() {
    Map<String, String> t = new LinkedHashMap<>();
    // Size.
    t.put("mebibyte of customer prose", repeat("The app keeps crashing and I have been on hold for forty minutes. "
        + "Nobody answered my e-mail, I want a refund or I will cancel. ", MEBIBYTE));
    t.put("mebibyte without a space", "a".repeat(MEBIBYTE));
    t.put("mebibyte of personal data", repeat("call me on 07700 900461, card 4111 1111 1111 1111, mail jane.doe@example.com, "
        + "IBAN GB33BUKB20201555555555, Hi Sarah, Kind regards, Peter Holt. ", MEBIBYTE));
    t.put("mebibyte of mixed scripts", repeat("Доставка опоздала. 配達が遅れた。 التوصيل متأخر. Η παράδοση άργησε. ", MEBIBYTE));
    // Digits.
    t.put("fifty thousand digits", digits(50_000, 1));
    t.put("digits in groups of four", repeat("4111 ", 60_000));
    t.put("digits with every separator", repeat("1-2.3(4)5 6--7..8((9))0 ", 40_000));
    t.put("card numbers back to back", repeat("4111111111111111 ", 20_000));
    t.put("phone cues before numbers", repeat("call me on my mobile number 0770 090 0461 or text ", 20_000));
    t.put("order cues before numbers", repeat("order reference ticket 12345678 ", 20_000));
    // Brackets and plus signs glued to words: the text-stage hang.
    t.put("brackets and plus glued to words", repeat("seat(2 times) to(4) A+1 x+44 20 7946 0958 bag(0 ", 20_000));
    t.put("deeply nested round brackets", "(".repeat(100_000) + "1" + ")".repeat(100_000));
    t.put("deeply nested mixed brackets", repeat("([{<", 50_000) + "refund" + repeat(">}])", 50_000));
    t.put("plus signs", "+".repeat(100_000) + "1" + repeat("+1", 50_000));
    // Separators.
    t.put("a run of spaces", "Mr" + " ".repeat(200_000) + "x");
    t.put("a run of hyphens", "well" + "-".repeat(200_000) + "done");
    t.put("a run of periods", "wait" + ".".repeat(200_000));
    t.put("a run of mixed white space", repeat(" \t\n\r\u000b\f\u00a0\u2003", 100_000) + "regards" + " ".repeat(100_000));
    t.put("a run of commas and quotes", repeat(",\"'`", 100_000));
    t.put("hyphenated words", repeat("well-", 100_000));
    t.put("dotted words", repeat("a.b", 100_000));
    // E-mail addresses.
    t.put("huge e-mail local part", "x".repeat(200_000) + "@example.com");
    t.put("huge e-mail domain", "jane@" + repeat("a.", 100_000) + "com");
    t.put("at signs", "@".repeat(200_000));
    t.put("letter and at sign", repeat("a@", 100_000));
    t.put("almost e-mails", repeat("jane.doe@example. ", 20_000));
    // IBAN-like runs.
    t.put("iban-like groups", repeat("DE89 ", 50_000));
    t.put("iban-like letters and digits", repeat("AB12", 50_000));
    t.put("iban-like with spaces", repeat("GB33 BUKB 2020 1555 5555 5 ", 20_000));
    // Names after cues.
    t.put("greetings and names", "Hi " + repeat("Sarah ", 50_000));
    t.put("titles and names", repeat("Mrs J. K. Patel-Smith ", 30_000));
    t.put("titles before white space", repeat("Mr ", 50_000) + " ".repeat(100_000));
    t.put("introductions", repeat("my name is ", 50_000) + "Tom");
    t.put("sign-offs", repeat("Kind regards, Peter Holt ", 30_000) + "Best, Anna");
    t.put("capitalised words", repeat("Mark Bill Will Sarah Holt ", 40_000));
    t.put("sign-off cue before white space", repeat("ta ", 50_000) + " ".repeat(100_000) + "Ta Peter");
    // Unicode.
    t.put("emoji and zwj sequences", repeat("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83D\uDC4D\uD83C\uDFFD ", 30_000));
    t.put("rtl marks", repeat("\u200F\u202Erefund\u202C \u2067\u0637\u0644\u0628\u2069 ", 30_000));
    t.put("zero-width characters", repeat("4\u200B1\u200C1\u200D1\uFEFF", 50_000));
    t.put("control characters", controls(200_000));
    t.put("combining marks", "a" + "\u0301".repeat(200_000));
    t.put("unpaired surrogates", repeat("\uD800", 50_000) + repeat("\uDC00a\uD83D(1", 20_000));
    t.put("random characters", randomChars(200_000, 7));
    // Markup.
    t.put("nested html", repeat("<div><p>", 50_000) + "refund" + repeat("</p></div>", 50_000));
    t.put("long url", "https://example.com/" + repeat("a/", 100_000) + "?q=" + repeat("(1)+", 20_000));
    t.put("many urls", repeat("www.example.com/track?id=4111111111111111&x=(1) ", 20_000));
    return t;
  }

  /** The files under {@code hostile/}, by name without the extension. */
  static Map<String, String> literals() {
    Map<String, String> texts = new LinkedHashMap<>();
    try {
      Path dir = Path.of(HostileTexts.class.getResource("hostile").toURI());
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.sorted().toList();
      }
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          String name = file.getFileName().toString().replaceFirst("\\.txt$", "");
          texts.put(name.replace('-', ' '), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return texts;
  }

  /** {@code unit} repeated until the text has at least {@code length} characters. */
  static String repeat(String unit, int length) {
    return unit.repeat((length + unit.length() - 1) / unit.length());
  }

  private static String digits(int count, long seed) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(count);
    out.append((char) ('1' + random.nextInt(9)));
    while (out.length() < count) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }

  private static String controls(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; out.length() < length; i++) {
      out.append((char) (i % 32)).append(i % 7 == 0 ? "4111" : "");
    }
    return out.toString();
  }

  /** Any char values, surrogates and unassigned ones included. */
  private static String randomChars(int length, long seed) {
    Random random = new Random(seed);
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
    }
    return new String(chars);
  }
}
