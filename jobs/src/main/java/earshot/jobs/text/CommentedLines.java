package earshot.jobs.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the line-oriented files of the text stage (model files, word lists): a line that starts
 * with {@code #} is a comment, a blank line is skipped, and every other line comes with its 1-based
 * number in the file, so that errors can name the line.
 *
 * <p>Consumes a reader up to its end; emits the content lines unchanged, one per {@link #next()}
 * call, and keeps the comments (the text after {@code #}, stripped) in file order. Does not close
 * the reader.
 */
public final class CommentedLines {

  /** A line that is neither a comment nor blank, and its number in the file (from 1). */
  public record Line(int number, String text) {}

  private final BufferedReader reader;
  private final List<String> comments = new ArrayList<>();
  private int number;

  public CommentedLines(BufferedReader reader) {
    this.reader = reader;
  }

  /** The next line that is neither a comment nor blank, or null at the end of the input. */
  public Line next() throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.startsWith("#")) {
        comments.add(line.substring(1).strip());
      } else if (!line.isBlank()) {
        return new Line(number, line);
      }
    }
    return null;
  }

  /** The comments read so far, each without its {@code #} and stripped. */
  public List<String> comments() {
    return List.copyOf(comments);
  }
}
