package earshot.lab.churn;

import earshot.jobs.io.CsvRecords;
import earshot.lab.generator.PlantedChurner;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A company's cancellations, as a CSV file with a header: {@code customer_id,cancelled_at} (the
 * customer id the interactions carry; an ISO-8601 instant such as 2026-11-21T14:05:00Z). Other
 * columns are ignored. A customer listed twice counts from the first cancellation.
 */
public final class ChurnOutcomes {

  static final String ID = "customer_id";
  static final String AT = "cancelled_at";

  private ChurnOutcomes() {}

  /** Reads the file; a file that is not UTF-8, a missing column, an empty id or a bad time is refused with its line. */
  public static List<PlantedChurner> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      // An export saved as Latin-1, say: a bad file to name, not an I/O failure.
      throw new IllegalArgumentException(file + ": not UTF-8 text; save the export as UTF-8");
    }
    List<List<String>> rows = CsvRecords.parse(text);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty; expected a header " + ID + "," + AT);
    }
    List<String> header = rows.get(0).stream().map(String::strip).toList();
    int id = header.indexOf(ID);
    int at = header.indexOf(AT);
    if (id < 0 || at < 0) {
      throw new IllegalArgumentException(file + ":1: expected columns " + ID + " and " + AT + ", found " + header);
    }
    List<PlantedChurner> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      String where = file + ": record " + (i + 1) + ": ";
      if (row.size() <= Math.max(id, at)) {
        problems.add(where + "expected " + header.size() + " fields, found " + row.size());
        continue;
      }
      String customer = row.get(id).strip();
      if (customer.isEmpty()) {
        problems.add(where + "empty " + ID);
        continue;
      }
      try {
        out.add(new PlantedChurner(customer, null, Instant.parse(row.get(at).strip()), null, null, null));
      } catch (DateTimeParseException e) {
        problems.add(where + AT + " '" + row.get(at) + "' is not an ISO-8601 instant (2026-11-21T14:05:00Z)");
      }
      if (problems.size() >= 20) {
        break;
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return out;
  }

  /** Writes the cancellations of the given churners in this format. */
  public static void write(Path file, List<PlantedChurner> churners) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(ID + "," + AT);
    for (PlantedChurner churner : churners) {
      lines.add(quoted(churner.customerId()) + "," + churner.cancelledAt());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static String quoted(String field) {
    return field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")
        ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
  }
}
