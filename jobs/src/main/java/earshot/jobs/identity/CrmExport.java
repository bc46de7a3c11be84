package earshot.jobs.identity;

import earshot.jobs.csv.CsvLineReader;
import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CRM export of customer identifiers: a CSV file (UTF-8, comma-separated, fields optionally in double
 * quotes) whose header is {@code customer_id,email,phone,social_handle}. Every row names a customer
 * and any of the three identifiers (empty fields are allowed); a customer may have several rows.
 *
 * <p>{@link #read} checks the whole file before anything is used: a row with a wrong number of
 * fields, no customer id, an identifier that cannot be normalised, or an identifier that another
 * row gives to a different customer makes the whole file fail, with every problem's line number (up
 * to {@link #MAX_PROBLEMS}), so that a load is all or nothing. Values are never repeated in
 * messages: they are personal data.
 */
public final class CrmExport {

  public static final List<String> HEADER = List.of("customer_id", "email", "phone", "social_handle");
  public static final String HEADER_LINE = String.join(",", HEADER);
  /** One record per line (an unclosed quote is refused); a quote opens a quoted part anywhere in a field. */
  private static final CsvLineReader.Options CSV = new CsvLineReader.Options(true, false);
  static final int MAX_PROBLEMS = 20;

  private CrmExport() {}

  /** One row of the export. */
  public record Row(int line, String customerId, String email, String phone, String socialHandle) {}

  /** The export could not be used; the message lists its problems with their line numbers. */
  public static final class InvalidExportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidExportException(String message) {
      super(message);
    }
  }

  /** Every row of a file, checked (including identifiers claimed by two customers). */
  public static List<Row> read(Path file, IdentityHasher hasher) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int problemCount = 0;
    Map<String, Row> owners = new HashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new InvalidExportException(file + ": empty file, expected the header " + HEADER_LINE);
      }
      if (!isHeader(header)) {
        throw new InvalidExportException(file + " line 1: the header must be " + HEADER_LINE);
      }
      String line;
      int number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          Row row = parse(line, number);
          for (IdentityLink link : links(row, hasher, Instant.EPOCH)) {
            Row owner = owners.putIfAbsent(link.getIdentifierKey(), row);
            if (owner != null && !hasher.customerKey(owner.customerId()).equals(link.getCustomerKey())) {
              throw new IllegalArgumentException(IdentifierKind.ofKey(link.getIdentifierKey()).prefix()
                  + " also belongs to another customer on line " + owner.line()
                  + "; an identifier can belong to one customer only");
            }
          }
          rows.add(row);
        } catch (IllegalArgumentException e) {
          problemCount++;
          if (problems.size() < MAX_PROBLEMS) {
            problems.add(file + " line " + number + ": " + e.getMessage());
          }
        }
      }
    } catch (CharacterCodingException e) {
      // Bytes that are not UTF-8 (an export saved as Latin-1, say) are a bad file, not an I/O failure.
      throw new InvalidExportException(file + ": not UTF-8 text; save the export as UTF-8, nothing loaded");
    }
    if (!problems.isEmpty()) {
      String more = problemCount > problems.size() ? "\n(" + (problemCount - problems.size()) + " more)" : "";
      throw new InvalidExportException(problemCount + (problemCount == 1 ? " bad row" : " bad rows")
          + ", nothing loaded:\n" + String.join("\n", problems) + more);
    }
    return rows;
  }

  /** A data row (not the header), without its line number; blank fields become null. */
  public static Row parse(String line, int number) {
    List<String> fields = fields(line);
    if (fields.size() != HEADER.size()) {
      throw new IllegalArgumentException("expected " + HEADER.size() + " fields (" + HEADER_LINE + "), found "
          + fields.size());
    }
    String customer = blankToNull(fields.get(0));
    if (customer == null) {
      throw new IllegalArgumentException("customer_id is empty");
    }
    Row row = new Row(number, customer, blankToNull(fields.get(1)), blankToNull(fields.get(2)), blankToNull(fields.get(3)));
    IdentifierKind.CUSTOMER.normalise(row.customerId());
    if (row.email() != null) {
      IdentifierKind.EMAIL.normalise(row.email());
    }
    if (row.phone() != null) {
      IdentifierKind.PHONE.normalise(row.phone());
    }
    if (row.socialHandle() != null) {
      IdentifierKind.HANDLE.normalise(row.socialHandle());
    }
    return row;
  }

  /** Whether a line is the export's header (so that a reader of lines can skip it). */
  public static boolean isHeader(String line) {
    try {
      return fields(stripBom(line)).stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList().equals(HEADER);
    } catch (IllegalArgumentException e) {
      return false; // not even a CSV line (an unclosed quote): certainly not the header
    }
  }

  /** The CRM links of a row: each identifier it gives belongs to its customer. */
  public static List<IdentityLink> links(Row row, IdentityHasher hasher, Instant observedAt) {
    String customer = hasher.customerKey(row.customerId());
    List<IdentityLink> links = new ArrayList<>(3);
    add(links, hasher, IdentifierKind.EMAIL, row.email(), customer, observedAt);
    add(links, hasher, IdentifierKind.PHONE, row.phone(), customer, observedAt);
    add(links, hasher, IdentifierKind.HANDLE, row.socialHandle(), customer, observedAt);
    return links;
  }

  private static void add(List<IdentityLink> links, IdentityHasher hasher, IdentifierKind kind, String value,
      String customer, Instant observedAt) {
    if (value != null) {
      links.add(IdentityLink.newBuilder().setIdentifierKey(hasher.identifierKey(kind, value)).setCustomerKey(customer)
          .setSource(IdentitySource.CRM).setObservedAt(observedAt).setInteractionId(null).build());
    }
  }

  /** The fields of one CSV line: commas separate, double quotes enclose (a doubled quote is a quote). */
  static List<String> fields(String line) {
    return CsvLineReader.split(line, CSV);
  }

  /** A CSV field for a value: quoted when it holds a comma or a quote. */
  public static String field(String value) {
    if (value == null) {
      return "";
    }
    return value.indexOf(',') >= 0 || value.indexOf('"') >= 0 ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
