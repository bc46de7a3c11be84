package earshot.jobs.text;

import earshot.schemas.SentimentLabel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A file of labelled texts, one {@code text<TAB>label} per line. Labels are negative, neutral or
 * positive; or 0 and 1 for binary polarity sets (0 = negative, 1 = positive); or complaint and
 * not-complaint for sets that say whether a customer complained, not how they felt (a complaint is
 * read as {@link SentimentLabel#NEGATIVE}, anything else as {@link SentimentLabel#NEUTRAL}, which then
 * stands for "not negative"). Lines are split on LF only (a stray U+0085 or CR inside a text is part
 * of the text; a CR before the LF is dropped) and at the last TAB, so texts may contain quotes of any
 * kind. One file holds one kind of label.
 *
 * @param name where the texts come from, for reports
 * @param texts the texts in file order
 * @param kind which labels the file uses
 */
public record LabelledTexts(String name, List<LabelledText> texts, Kind kind) {

  /** The labels a file uses, and so how a reading of its texts is judged. */
  public enum Kind {
    /** negative, neutral, positive: the label read must be the label given. */
    THREE_CLASS,
    /** 0 or 1: negative or positive; a neutral reading is wrong. */
    POLARITY,
    /** complaint or not-complaint: a complaint must be read as negative, anything else as not negative. */
    COMPLAINT
  }

  /** Whether the labels were 0/1 (negative or positive). */
  public boolean binary() {
    return kind == Kind.POLARITY;
  }

  public static LabelledTexts read(Path file) throws IOException {
    return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException naming the line of the first label that is not understood */
  public static LabelledTexts parse(String name, String content) {
    List<LabelledText> texts = new ArrayList<>();
    Kind kind = null;
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank()) {
        continue;
      }
      int tab = line.lastIndexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected text<TAB>label");
      }
      String label = line.substring(tab + 1).strip().toLowerCase(Locale.ROOT);
      Kind lineKind = switch (label) {
        case "0", "1" -> Kind.POLARITY;
        case "complaint", "not-complaint" -> Kind.COMPLAINT;
        default -> Kind.THREE_CLASS;
      };
      SentimentLabel parsed = switch (label) {
        case "negative", "0", "complaint" -> SentimentLabel.NEGATIVE;
        case "neutral", "not-complaint" -> SentimentLabel.NEUTRAL;
        case "positive", "1" -> SentimentLabel.POSITIVE;
        default -> throw new IllegalArgumentException(name + " line " + (i + 1) + ": label '" + label
            + "' is not negative, neutral, positive, 0, 1, complaint or not-complaint");
      };
      if (kind != null && kind != lineKind) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": mixes " + describe(kind) + " labels with "
            + describe(lineKind) + " labels");
      }
      kind = lineKind;
      texts.add(new LabelledText(line.substring(0, tab).strip(), parsed));
    }
    return new LabelledTexts(name, List.copyOf(texts), kind == null ? Kind.THREE_CLASS : kind);
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case THREE_CLASS -> "named";
      case POLARITY -> "0/1";
      case COMPLAINT -> "complaint/not-complaint";
    };
  }
}
