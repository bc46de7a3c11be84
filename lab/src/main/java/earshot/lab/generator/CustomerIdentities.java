package earshot.lab.generator;

import earshot.jobs.identity.CrmExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The identifiers of generated customers, derived from the customer's number so that every channel
 * and the CRM export agree: an e-mail address, a mobile number and a social handle. Not every
 * customer gave every identifier to the CRM: whether the export holds one depends on the number too.
 */
final class CustomerIdentities {

  private CustomerIdentities() {}

  static String customerId(int number) {
    return "cust-" + number;
  }

  /** Mixed case and spaces on purpose: channels write identifiers differently, keys must not differ. */
  static String email(int number) {
    return (number % 7 == 0 ? "Customer" : "customer") + number + "@example.net";
  }

  static String phone(int number) {
    String digits = String.format(Locale.ROOT, "%09d", number);
    return number % 3 == 0 ? "+44 7" + digits.substring(0, 3) + " " + digits.substring(3)
        : "00447" + digits;
  }

  static String handle(int number) {
    return (number % 2 == 0 ? "@" : "") + "user" + number;
  }

  /** Whether the CRM knows this customer's e-mail address, phone and handle. */
  static boolean crmHasEmail(int number) {
    return mix(number, 1) < 0.9;
  }

  static boolean crmHasPhone(int number) {
    return mix(number, 2) < 0.8;
  }

  static boolean crmHasHandle(int number) {
    return mix(number, 3) < 0.4;
  }

  /** Writes a CRM export ({@link CrmExport}) of customers {@code 0..customers-1} and the given extra ones. */
  static long writeCrmExport(Path file, int customers, Iterable<Integer> extra) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    long rows = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(CrmExport.HEADER_LINE);
      out.write('\n');
      for (int n = 0; n < customers; n++) {
        rows += row(out, n);
      }
      for (int n : extra) {
        rows += row(out, n);
      }
    }
    return rows;
  }

  private static int row(BufferedWriter out, int n) throws IOException {
    out.write(CrmExport.field(customerId(n)));
    out.write(',');
    out.write(crmHasEmail(n) ? CrmExport.field(email(n)) : "");
    out.write(',');
    out.write(crmHasPhone(n) ? CrmExport.field(phone(n)) : "");
    out.write(',');
    out.write(crmHasHandle(n) ? CrmExport.field(handle(n)) : "");
    out.write('\n');
    return 1;
  }

  /** A fixed pseudo-random number in [0, 1) for a customer and a purpose. */
  private static double mix(int number, int salt) {
    long z = number * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }
}
