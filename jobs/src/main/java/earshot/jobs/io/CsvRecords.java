package earshot.jobs.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads comma-separated values as RFC 4180 writes them: fields in double quotes may hold commas,
 * line breaks and doubled quotes ({@code ""}); lines end with LF or CRLF. A quote inside a field
 * that did not open with one is kept as a character (real exports write {@code he said "hi"}
 * unquoted). Used to read public corpora (such as data/real/banking77, the sentiment sets) as
 * they are published.
 *
 * <p>The scan moves forward by at least one character per step, so any input ends (an unclosed
 * quote simply runs to the end of the text).
 */
public final class CsvRecords {

  private CsvRecords() {}

  /** Every record of the text, header included, each as its list of fields. */
  public static List<List<String>> parse(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < csv.length()) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
      } else {
        field.append(c);
      }
      i++;
    }
    if (!field.isEmpty() || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }

  /**
   * One column of a file with a header row.
   *
   * @throws IllegalArgumentException when the header has no such column or a record is too short
   */
  public static List<String> column(String csv, String name) {
    List<List<String>> records = parse(csv);
    if (records.isEmpty() || !records.get(0).contains(name)) {
      throw new IllegalArgumentException("no column '" + name + "' in the header");
    }
    int index = records.get(0).indexOf(name);
    List<String> values = new ArrayList<>(records.size() - 1);
    for (int r = 1; r < records.size(); r++) {
      List<String> record = records.get(r);
      if (record.size() <= index) {
        throw new IllegalArgumentException("record " + r + " has no field '" + name + "'");
      }
      values.add(record.get(index));
    }
    return values;
  }
}
