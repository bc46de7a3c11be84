package earshot.jobs.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzz target for the CRM export loader ({@code ./earshot identities load --csv}): the file's bytes
 * as given. Corpus: {@code src/test/resources/earshot/jobs/identity/CrmExportFuzzTestInputs/read/}.
 *
 * <p>Invariants: a file either loads or fails with {@link CrmExport.InvalidExportException}; every
 * row loaded has a customer id; no identifier is given to two customers; and an error message never
 * repeats an e-mail address from the file (values are personal data).
 */
class CrmExportFuzzTest {

  private static final IdentityHasher HASHER = new IdentityHasher("fuzzing-key-0123456789");
  private static final Pattern EMAIL_LIKE = Pattern.compile("[^,\"\\s]{1,64}@[^,\"\\s]{1,64}");
  private static final Path FILE = temporaryFile();

  @FuzzTest
  void read(byte[] input) throws IOException {
    Files.write(FILE, input);
    List<CrmExport.Row> rows;
    try {
      rows = CrmExport.read(FILE, HASHER);
    } catch (CrmExport.InvalidExportException expected) {
      String message = expected.getMessage().replace(FILE.toString(), "");
      Matcher email = EMAIL_LIKE.matcher(new String(input, java.nio.charset.StandardCharsets.UTF_8));
      while (email.find()) {
        if (email.group().length() >= 6) {
          assertThat(message).as("error message repeats a value").doesNotContain(email.group());
        }
      }
      return;
    }
    Map<String, String> owners = new HashMap<>();
    for (CrmExport.Row row : rows) {
      assertThat(row.customerId()).isNotBlank();
      String customer = HASHER.customerKey(row.customerId());
      for (var link : CrmExport.links(row, HASHER, java.time.Instant.EPOCH)) {
        String owner = owners.putIfAbsent(link.getIdentifierKey(), customer);
        assertThat(owner == null || owner.equals(customer)).as("identifier given to two customers").isTrue();
      }
    }
  }

  private static Path temporaryFile() {
    try {
      return Files.createTempFile("crm-fuzz", ".csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeFile() throws IOException {
    Files.deleteIfExists(FILE);
  }
}
