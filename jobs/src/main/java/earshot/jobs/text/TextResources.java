package earshot.jobs.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the text stage's resources (lexicon, word lists, model) from the class path. */
final class TextResources {

  static final String BASE = "earshot/text/";

  private TextResources() {}

  /** The resource's lines without trailing white space; '#' comment lines and blank lines are skipped. */
  static List<Line> lines(String name) {
    List<Line> lines = new ArrayList<>();
    try (BufferedReader reader = reader(name)) {
      CommentedLines content = new CommentedLines(reader);
      CommentedLines.Line line;
      while ((line = content.next()) != null) {
        lines.add(new Line(line.number(), line.text().stripTrailing()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + BASE + name, e);
    }
    return lines;
  }

  static BufferedReader reader(String name) {
    return new BufferedReader(new InputStreamReader(open(name), StandardCharsets.UTF_8));
  }

  static InputStream open(String name) {
    InputStream in = TextResources.class.getClassLoader().getResourceAsStream(BASE + name);
    if (in == null) {
      throw new IllegalStateException("resource " + BASE + name + " is missing from the class path");
    }
    return in;
  }

  /** Every word of every line, lower case, for word-list resources. */
  static Set<String> words(String name) {
    Set<String> words = new HashSet<>();
    for (Line line : lines(name)) {
      for (String word : line.text().strip().split("\\s+")) {
        words.add(word.toLowerCase(Locale.ROOT));
      }
    }
    return Set.copyOf(words);
  }

  record Line(int number, String text) {}
}
