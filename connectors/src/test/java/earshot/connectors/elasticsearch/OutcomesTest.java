package earshot.connectors.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import earshot.connectors.elasticsearch.Outcomes.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  @ParameterizedTest(name = "item {0} (versioned {1}) -> {2}")
  @CsvSource({
      "200, false, INDEXED", "201, false, INDEXED", "201, true, INDEXED",
      "409, true, SUPERSEDED", "409, false, REJECT",
      "429, false, RETRY", "500, false, RETRY", "503, true, RETRY",
      "400, false, REJECT", "404, false, REJECT",
      "401, false, FATAL", "403, true, FATAL"})
  void itemOutcomes(int status, boolean versioned, Outcome expected) {
    assertThat(Outcomes.ofItem(status, versioned)).isEqualTo(expected);
  }

  @Test
  void requestsThatGotNoAnswerAreRetried() {
    assertThat(Outcomes.ofRequest(new CompletionException(new ConnectException("Connection refused"))))
        .isEqualTo(Outcome.RETRY);
    assertThat(Outcomes.ofRequest(new IOException("Connection reset by peer"))).isEqualTo(Outcome.RETRY);
    assertThat(Outcomes.statusOf(new ConnectException("Connection refused"))).isEqualTo(-1);
  }

  @Test
  void aTlsHandshakeThatFailsIsAConfigurationErrorNotAnOutage() {
    Throwable failure = new CompletionException(new javax.net.ssl.SSLHandshakeException(
        "PKIX path building failed: unable to find valid certification path to requested target"));
    assertThat(Outcomes.ofRequest(failure)).isEqualTo(Outcome.FATAL);
    assertThat(Outcomes.explainFatal(failure)).contains("elasticsearch.ca-certificate", "PKIX path building failed");
  }

  @Test
  void programmingErrorsAreNotRetried() {
    assertThat(Outcomes.ofRequest(new IllegalStateException("client closed"))).isEqualTo(Outcome.FATAL);
  }

  @Test
  void fatalExplanationsNameTheSettingToFix() {
    assertThat(Outcomes.explainFatal(401, "unable to authenticate")).contains("elasticsearch.username", "HTTP 401");
    assertThat(Outcomes.explainFatal(413, "too large")).contains("elasticsearch.bulk.max-bytes");
    assertThat(Outcomes.describe(new CompletionException(new ConnectException("Connection refused"))))
        .contains("ConnectException: Connection refused");
  }
}
