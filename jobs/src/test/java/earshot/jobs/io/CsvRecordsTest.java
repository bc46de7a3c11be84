package earshot.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  @Test
  void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
    String csv = "text,category\r\n"
        + "How do I locate my card?,card_arrival\n"
        + "\"I still have not received my new card, I ordered over a week ago.\",card_arrival\n"
        + "\"\nWhere can I get my PIN \"\"unblocked\"\"?\",pin_blocked\n"
        + "last,line";
    assertThat(CsvRecords.parse(csv)).containsExactly(
        List.of("text", "category"),
        List.of("How do I locate my card?", "card_arrival"),
        List.of("I still have not received my new card, I ordered over a week ago.", "card_arrival"),
        List.of("\nWhere can I get my PIN \"unblocked\"?", "pin_blocked"),
        List.of("last", "line"));
    assertThat(CsvRecords.column(csv, "category")).containsExactly("card_arrival", "card_arrival", "pin_blocked", "line");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsACharacter() {
    assertThat(CsvRecords.parse("1,he said \"hi\" twice,neg\n")).containsExactly(
        List.of("1", "he said \"hi\" twice", "neg"));
  }

  @Test
  void anUnclosedQuoteRunsToTheEndAndAMissingColumnIsNamed() {
    assertThat(CsvRecords.parse("a,\"b,c\nd")).containsExactly(List.of("a", "b,c\nd"));
    assertThatThrownBy(() -> CsvRecords.column("a,b\n1,2\n", "text")).hasMessageContaining("no column 'text'");
    assertThatThrownBy(() -> CsvRecords.column("a,text\n1\n", "text")).hasMessageContaining("record 1");
  }
}
