package earshot.jobs.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.IdentityLink;
import earshot.schemas.IdentitySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrmExportTest {

  private final IdentityHasher hasher = new IdentityHasher("test-secret-key-0123");

  @TempDir
  Path dir;

  private Path file(String... lines) throws Exception {
    Path file = dir.resolve("crm.csv");
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void readsRowsWithEmptyAndQuotedFieldsAndMakesOneLinkPerIdentifier() throws Exception {
    Path file = file("customer_id,email,phone,social_handle",
        "cust-42,Jane.Doe@Example.com,+44 20 7946 0958,@janedoe",
        "cust-43,,\"0044 20 7946 0000\",",
        "",
        "cust-42,,,jane_alt");
    List<CrmExport.Row> rows = CrmExport.read(file, hasher);
    assertThat(rows).extracting(CrmExport.Row::line).containsExactly(2, 3, 5);
    List<IdentityLink> links = CrmExport.links(rows.get(0), hasher, Instant.EPOCH);
    assertThat(links).extracting(IdentityLink::getIdentifierKey).containsExactly(
        "email:50ceba8fa19b62ad21a5e7f4a63a228c", "phone:e6f2f8e23b3473f2977791743c249d87",
        "handle:481daaa3b19c656031f04df2d8d06364");
    assertThat(links).allSatisfy(l -> {
      assertThat(l.getCustomerKey()).isEqualTo("9f048245225547ccc16ca2c34b8fd9ad");
      assertThat(l.getSource()).isEqualTo(IdentitySource.CRM);
    });
    assertThat(CrmExport.links(rows.get(1), hasher, Instant.EPOCH)).singleElement()
        .satisfies(l -> assertThat(l.getIdentifierKey()).startsWith("phone:"));
  }

  @Test
  void everyBadRowIsReportedWithItsLineAndNothingIsReturned() throws Exception {
    Path file = file("customer_id,email,phone,social_handle",
        "cust-1,ok@example.com,,",
        ",nobody@example.com,,",
        "cust-2,not-an-address,,",
        "cust-3,,12,",
        "cust-4,a@example.com",
        "cust-5,,,\"unclosed");
    assertThatThrownBy(() -> CrmExport.read(file, hasher))
        .isInstanceOf(CrmExport.InvalidExportException.class)
        .hasMessageStartingWith("5 bad rows, nothing loaded")
        .hasMessageContaining("line 3: customer_id is empty")
        .hasMessageContaining("line 4: email is not an e-mail address")
        .hasMessageContaining("line 5: phone has 2 digits")
        .hasMessageContaining("line 6: expected 4 fields")
        .hasMessageContaining("line 7: a quoted field is not closed")
        .hasMessageNotContaining("not-an-address");
  }

  @Test
  void anIdentifierGivenToTwoCustomersIsRefusedWithBothLines() throws Exception {
    Path file = file("customer_id,email,phone,social_handle",
        "cust-1,family@example.com,,",
        "cust-2,,+44 20 7946 0958,",
        "cust-3,FAMILY@example.com ,,");
    assertThatThrownBy(() -> CrmExport.read(file, hasher))
        .hasMessageContaining("line 4: email also belongs to another customer on line 2");
  }

  @Test
  void theHeaderMustBeTheDocumentedOne() throws Exception {
    assertThatThrownBy(() -> CrmExport.read(file("id,mail,phone,handle", "c,a@b.co,,"), hasher))
        .hasMessageContaining("line 1: the header must be customer_id,email,phone,social_handle");
    assertThatThrownBy(() -> CrmExport.read(file(), hasher)).hasMessageContaining("empty file");
    assertThat(CrmExport.read(file("\uFEFFCustomer_ID, Email ,phone,social_handle"), hasher)).isEmpty();
  }

  @Test
  void fieldsAreQuotedWhenTheyNeedIt() {
    assertThat(CrmExport.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(CrmExport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CrmExport.fields("\"a,b\",\"say \"\"hi\"\"\",,x")).containsExactly("a,b", "say \"hi\"", "", "x");
  }
}
