package earshot.jobs.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each option changes what the same text splits into; the common rules hold under every option. */
class CsvLineReaderTest {

  private static final CsvLineReader.Options AT_START_ONE_LINE = new CsvLineReader.Options(false, false);
  private static final CsvLineReader.Options ANYWHERE_ONE_LINE = new CsvLineReader.Options(true, false);
  private static final CsvLineReader.Options AT_START_MULTI_LINE = new CsvLineReader.Options(false, true);

  private static List<List<String>> records(String text, CsvLineReader.Options options) throws IOException {
    CsvLineReader reader = new CsvLineReader(new BufferedReader(new StringReader(text)), options);
    List<List<String>> out = new ArrayList<>();
    List<String> record;
    while ((record = reader.next()) != null) {
      out.add(record);
    }
    return out;
  }

  @Test
  void quoteAnywhereOpensAQuotedPartInsideAField() {
    assertThat(CsvLineReader.split("x,a\"b,c\"d,y", ANYWHERE_ONE_LINE)).containsExactly("x", "ab,cd", "y");
    // Off: a quote after a field's first character is a character, and the comma splits.
    assertThat(CsvLineReader.split("x,a\"b,c\"d,y", AT_START_ONE_LINE)).containsExactly("x", "a\"b", "c\"d", "y");
    assertThat(CsvLineReader.split("1,he said \"hi\" twice", AT_START_ONE_LINE))
        .containsExactly("1", "he said \"hi\" twice");
  }

  @Test
  void multiLineLetsAQuotedFieldGoOnOverTheNextLinesAndCountsThem() throws IOException {
    String text = "id,text\n1,\"first line\nsecond, with comma\"\n2,plain\n";
    assertThat(records(text, AT_START_MULTI_LINE)).containsExactly(List.of("id", "text"),
        List.of("1", "first line\nsecond, with comma"), List.of("2", "plain"));
    CsvLineReader reader = new CsvLineReader(new BufferedReader(new StringReader(text)), AT_START_MULTI_LINE);
    reader.next();
    reader.next();
    reader.next();
    assertThat(reader.lineOfLastRecord()).as("record 2 starts on line 4, after the two-line record").isEqualTo(4);
    // Off: the record ends with its line, so the open quote is refused there, naming the record's line.
    assertThatThrownBy(() -> records(text, AT_START_ONE_LINE)).isInstanceOf(CsvLineReader.UnclosedQuoteException.class)
        .hasMessage("a quoted field is not closed")
        .satisfies(e -> assertThat(((CsvLineReader.UnclosedQuoteException) e).line()).isEqualTo(2));
  }

  @Test
  void aQuoteNeverClosedIsRefusedUnderEveryOption() {
    for (CsvLineReader.Options options : List.of(AT_START_ONE_LINE, ANYWHERE_ONE_LINE, AT_START_MULTI_LINE)) {
      assertThatThrownBy(() -> records("a,b\n3,\"open\nstill open\n", options))
          .as(options.toString()).isInstanceOf(CsvLineReader.UnclosedQuoteException.class)
          .satisfies(e -> assertThat(((CsvLineReader.UnclosedQuoteException) e).line()).isEqualTo(2));
      assertThatThrownBy(() -> CsvLineReader.split("a,\"b", options)).as(options.toString())
          .hasMessage("a quoted field is not closed");
    }
  }

  @Test
  void doubledQuotesEmptyFieldsAndCarriageReturnsAreReadTheSameUnderEveryOption() {
    for (CsvLineReader.Options options : List.of(AT_START_ONE_LINE, ANYWHERE_ONE_LINE, AT_START_MULTI_LINE)) {
      assertThat(CsvLineReader.split("\"say \"\"hi\"\"\",,\"a,b\"\r", options)).as(options.toString())
          .containsExactly("say \"hi\"", "", "a,b");
      assertThat(CsvLineReader.split("", options)).containsExactly("");
    }
  }
}
