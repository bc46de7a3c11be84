package earshot.lab.intents;

import earshot.jobs.io.CsvRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Texts labelled with one intent category each, as Banking77 publishes them: CSV with the header
 * {@code text,category} (RFC 4180 quoting). Leading and trailing white space of a text is kept: it
 * is what a customer typed.
 */
public final class LabelledQueries {

  /** One labelled text. */
  public record Query(String text, String category) {}

  private LabelledQueries() {}

  public static List<Query> read(Path file) throws IOException {
    return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** @throws IllegalArgumentException when the header is not text,category or a record has another number of fields */
  public static List<Query> parse(String origin, String csv) {
    List<List<String>> records = CsvRecords.parse(csv);
    if (records.isEmpty() || !records.get(0).equals(List.of("text", "category"))) {
      throw new IllegalArgumentException(origin + ": expected the header 'text,category'");
    }
    List<Query> queries = new ArrayList<>(records.size() - 1);
    for (int i = 1; i < records.size(); i++) {
      List<String> record = records.get(i);
      if (record.size() == 1 && record.get(0).isBlank()) {
        continue;
      }
      if (record.size() != 2) {
        throw new IllegalArgumentException(origin + ": record " + i + " has " + record.size() + " fields, expected 2");
      }
      queries.add(new Query(record.get(0), record.get(1).strip()));
    }
    return queries;
  }
}
