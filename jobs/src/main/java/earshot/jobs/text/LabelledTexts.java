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
 * positive, or 0 and 1 for binary sets (0 = negative, 1 = positive). Lines are split on LF only
 * (a stray U+0085 or CR inside a text is part of the text; a CR before the LF is dropped) and at
 * the last TAB, so texts may contain quotes of any kind.
 *
 * @param name where the texts come from, for reports
 * @param texts the texts in file order
 * @param binary whether the labels were 0/1 (two classes)
 */
public record LabelledTexts(String name, List<LabelledText> texts, boolean binary) {

  public static LabelledTexts read(Path file) throws IOException {
    return parse(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException naming the line of the first label that is not understood */
  public static LabelledTexts parse(String name, String content) {
    List<LabelledText> texts = new ArrayList<>();
    Boolean binary = null;
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
      boolean numeric = label.equals("0") || label.equals("1");
      SentimentLabel parsed = switch (label) {
        case "negative", "0" -> SentimentLabel.NEGATIVE;
        case "neutral" -> SentimentLabel.NEUTRAL;
        case "positive", "1" -> SentimentLabel.POSITIVE;
        default -> throw new IllegalArgumentException(name + " line " + (i + 1) + ": label '" + label
            + "' is not negative, neutral, positive, 0 or 1");
      };
      if (binary != null && binary != numeric) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": mixes 0/1 labels with named labels");
      }
      binary = numeric;
      texts.add(new LabelledText(line.substring(0, tab).strip(), parsed));
    }
    return new LabelledTexts(name, List.copyOf(texts), binary != null && binary);
  }
}
