package earshot.jobs.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits comma-separated text into records of fields: commas separate fields, a double quote opens
 * a quoted part in which commas are kept and a doubled quote is one quote, and a carriage return
 * outside quotes is dropped. The files Earshot reads differ on two choices, which are {@link
 * Options}: where a quote may open a quoted part, and whether a quoted field may span lines.
 *
 * <p>Consumes lines from a reader (or one line, {@link #split}); emits each record's fields in
 * order, with the line number the record starts on. Guarantees: an unclosed quote is refused with
 * {@link UnclosedQuoteException} (at the end of the line when records are one line each, at the
 * end of the input otherwise); the reader is not closed.
 */
public final class CsvLineReader {

  /**
   * @param quoteAnywhere whether a double quote opens a quoted part anywhere in a field ({@code
   *     a"b,c"} is the one field {@code ab,c}); when false, only a field's first character opens
   *     one, and a quote further on is kept as a character ({@code he said "hi"})
   * @param multiLine whether a quoted field may go on over the following lines (joined by a line
   *     feed); when false every record is one line
   */
  public record Options(boolean quoteAnywhere, boolean multiLine) {}

  /** A quoted field that is never closed. */
  public static final class UnclosedQuoteException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long line;

    UnclosedQuoteException(long line) {
      super("a quoted field is not closed");
      this.line = line;
    }

    /** The line the record with the unclosed quote starts on (1 = the first line read). */
    public long line() {
      return line;
    }
  }

  private final BufferedReader reader;
  private final Options options;
  private long line;
  private long recordLine;

  public CsvLineReader(BufferedReader reader, Options options) {
    this.reader = reader;
    this.options = options;
  }

  /** The next record's fields, or null at the end of the input. */
  public List<String> next() throws IOException {
    String text = reader.readLine();
    if (text == null) {
      return null;
    }
    line++;
    recordLine = line;
    Record record = new Record(options);
    record.scan(text);
    while (record.quoted) {
      String more = options.multiLine() ? reader.readLine() : null;
      if (more == null) {
        throw new UnclosedQuoteException(recordLine);
      }
      line++;
      record.field.append('\n');
      record.scan(more);
    }
    return record.finish();
  }

  /** The line the record last returned by {@link #next} starts on (1 = the first line read). */
  public long lineOfLastRecord() {
    return recordLine;
  }

  /**
   * The fields of one line, which must hold a whole record.
   *
   * @throws UnclosedQuoteException when a quoted field is not closed on the line
   */
  public static List<String> split(String line, Options options) {
    Record record = new Record(options);
    record.scan(line);
    if (record.quoted) {
      throw new UnclosedQuoteException(1);
    }
    return record.finish();
  }

  /** The fields of a record so far, and whether a quoted part is open at the end of the text scanned. */
  private static final class Record {
    private final boolean quoteAnywhere;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean quoted;

    Record(Options options) {
      this.quoteAnywhere = options.quoteAnywhere();
    }

    void scan(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c != '"') {
            field.append(c);
          } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else if (c == '"' && (quoteAnywhere || field.isEmpty())) {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c != '\r') {
          field.append(c);
        }
      }
    }

    List<String> finish() {
      fields.add(field.toString());
      return fields;
    }
  }
}
