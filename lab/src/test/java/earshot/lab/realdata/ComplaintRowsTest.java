package earshot.lab.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplaintRowsTest {

  private static final String CFPB_HEADER = "Complaint ID,Product,Sub-product,Issue,Sub-issue,State,ZIP code,Submitted via,"
      + "Date received,Date sent to company,Company,Company response,Timely response?,Consumer disputed?\n";
  private static final String COMCAST_HEADER = "Ticket #,Customer Complaint,Date,Date_month_year,Time,Received Via,City,"
      + "State,Zip code,Status,Filing on Behalf of Someone\n";

  private static List<Interaction> read(String csv) throws IOException {
    return ComplaintRows.read(new BufferedReader(new StringReader(csv)));
  }

  @Test
  void cfpbRowsBecomeInteractionsOfTheirDayInTimeOrder() throws IOException {
    List<Interaction> rows = read(CFPB_HEADER
        + "1114245,Debt collection,Medical,Disclosure verification of debt,Not given enough info to verify debt,FL,32219,"
        + "Web,11/13/2014,11/13/2014,\"Choice Recovery, Inc.\",Closed with explanation,Yes,\n"
        + "1000001,Mortgage,,Loan servicing,,TX,75006,Phone,11/12/2014,11/12/2014,Ocwen,Closed,Yes,No\n");
    assertThat(rows).extracting(Interaction::getInteractionId).containsExactly("cfpb-1000001", "cfpb-1114245");
    Interaction debt = rows.get(1);
    assertThat(debt.getProduct()).isEqualTo("Choice Recovery, Inc.");
    assertThat(debt.getTouchpoint()).isEqualTo("debt-collection");
    assertThat(debt.getRegion()).isEqualTo("FL");
    assertThat(debt.getChannel()).isEqualTo(Channel.APP);
    assertThat(debt.getText()).isEqualTo("Disclosure verification of debt: Not given enough info to verify debt");
    assertThat(debt.getOccurredAt()).isBetween(Instant.parse("2014-11-13T00:00:00Z"), Instant.parse("2014-11-13T23:59:59Z"));
    assertThat(rows.get(0).getChannel()).isEqualTo(Channel.CALL);
    assertThat(rows.get(0).getText()).isEqualTo("Loan servicing");
    // The time of day drawn from the id is the same every run.
    assertThat(read(CFPB_HEADER + "1000001,Mortgage,,Loan servicing,,TX,75006,Phone,11/12/2014,11/12/2014,Ocwen,Closed,Yes,No\n")
        .get(0).getOccurredAt()).isEqualTo(rows.get(0).getOccurredAt());
  }

  @Test
  void comcastRowsKeepTheirLoggedTime() throws IOException {
    List<Interaction> rows = read(COMCAST_HEADER
        + "250635,Comcast Cable Internet Speeds,22-04-15,22-Apr-15,3:53:50 PM,Customer Care Call,Abingdon,Maryland,21009,Closed,No\n"
        + "223441,Payment disappear - service got disconnected,04-08-15,04-Aug-15,10:22:56 AM,Internet,Acworth,Georgia,30102,Closed,No\n");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).getOccurredAt()).isEqualTo(Instant.parse("2015-04-22T15:53:50Z"));
    assertThat(rows.get(1).getChannel()).isEqualTo(Channel.CALL);
    assertThat(rows.get(1).getProduct()).isEqualTo("Comcast");
    assertThat(rows.get(1).getRegion()).isEqualTo("Maryland");
    assertThat(rows.get(0).getChannel()).isEqualTo(Channel.APP);
    assertThat(rows.get(0).getText()).isEqualTo("Payment disappear - service got disconnected");
    // Day and month swapped back where the log swapped them (04-Aug-15 is 8 April).
    assertThat(rows.get(0).getOccurredAt()).isEqualTo(Instant.parse("2015-04-08T10:22:56Z"));
  }

  @Test
  void malformedRowsAreRefusedWithTheirLineNumber() {
    String good = "250635,Speeds,22-04-15,22-Apr-15,3:53:50 PM,Customer Care Call,Abingdon,Maryland,21009,Closed,No\n";
    assertThatThrownBy(() -> read(COMCAST_HEADER + good + "250636,Speeds,22-04-15,22-Apr-15,3:53:50 PM,Internet\n"))
        .isInstanceOf(ComplaintRows.MalformedRowException.class).hasMessageStartingWith("line 3: expected 11 fields, found 6");
    assertThatThrownBy(() -> read(COMCAST_HEADER + good + good
        + "250637,Speeds,22-04-15,31-Apr-15,3:53:50 PM,Internet,A,B,1,Closed,No\n"))
        .hasMessageStartingWith("line 4: unreadable date '31-Apr-15'");
    assertThatThrownBy(() -> read(COMCAST_HEADER + "250638,,22-04-15,22-Apr-15,3:53:50 PM,Internet,A,B,1,Closed,No\n"))
        .hasMessageStartingWith("line 2: empty field 'Customer Complaint'");
    assertThatThrownBy(() -> read(COMCAST_HEADER + "250639,Speeds,22-04-15,22-Apr-15,25:99 PM,Internet,A,B,1,Closed,No\n"))
        .hasMessageStartingWith("line 2: unreadable time");
    assertThatThrownBy(() -> read("Date,Text\n2014-01-01,hello\n"))
        .hasMessageStartingWith("line 1: not a known complaint layout");
    // A quoted field over two lines: the next record's line number counts both.
    assertThatThrownBy(() -> read(CFPB_HEADER
        + "1,Mortgage,,\"Loan\nservicing\",,TX,75006,Phone,11/12/2014,11/12/2014,Ocwen,Closed,Yes,No\n"
        + "2,Mortgage,,Loan servicing,,TX,75006,Phone,13/12/2014,11/12/2014,Ocwen,Closed,Yes,No\n"))
        .hasMessageStartingWith("line 4: unreadable date '13/12/2014'");
  }
}
