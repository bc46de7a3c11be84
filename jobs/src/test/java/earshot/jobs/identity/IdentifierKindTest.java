package earshot.jobs.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierKindTest {

  @ParameterizedTest
  @CsvSource({
      "EMAIL, '  Jane.Doe@Example.COM ', jane.doe@example.com",
      "PHONE, '+44 (0)20 7946-0958', +4402079460958",
      "PHONE, '0044 20 7946 0958', +442079460958",
      "PHONE, '020 7946 0958', +02079460958",
      "HANDLE, '@Jane_Doe', jane_doe",
      "HANDLE, 'jane.doe', jane.doe",
      "CUSTOMER, ' CUST-0042 ', CUST-0042",
  })
  void normalisesToOneCanonicalForm(IdentifierKind kind, String value, String expected) {
    assertThat(kind.normalise(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jane", "jane@", "@example.com", "jane@example", "a@b@c.com", "jane doe@example.com", "jane@example."})
  void refusesWhatIsNotAnEmailAddressWithoutRepeatingIt(String value) {
    assertThatThrownBy(() -> IdentifierKind.EMAIL.normalise(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an e-mail address")
        .hasMessageNotContaining(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"123", "+1 234", "call me", "12345678901234567", "+44 20 7946 0958 ext. 3"})
  void refusesWhatIsNotAPhoneNumber(String value) {
    assertThatThrownBy(() -> IdentifierKind.PHONE.normalise(value)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phone");
  }

  @Test
  void refusesHandlesWithSpacesOrNothingAfterTheAt() {
    assertThatThrownBy(() -> IdentifierKind.HANDLE.normalise("@")).hasMessageStartingWith("socialHandle");
    assertThatThrownBy(() -> IdentifierKind.HANDLE.normalise("jane doe")).hasMessageStartingWith("socialHandle");
    assertThatThrownBy(() -> IdentifierKind.EMAIL.normalise("  ")).hasMessageContaining("blank");
  }

  @Test
  void readsTheKindOfAKey() {
    assertThat(IdentifierKind.ofKey("phone:abc")).isEqualTo(IdentifierKind.PHONE);
    assertThatThrownBy(() -> IdentifierKind.ofKey("fax:abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
