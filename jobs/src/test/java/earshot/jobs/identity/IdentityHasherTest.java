package earshot.jobs.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityHasherTest {

  private final IdentityHasher hasher = new IdentityHasher("test-secret-key-0123");

  /**
   * The expected keys were computed outside Java (openssl dgst -sha256 -hmac, the first 32 hex digits),
   * as a CRM team would compute them from the documented recipe.
   */
  @Test
  void keysFollowTheDocumentedRecipeSoTheCrmCanComputeThem() {
    assertThat(hasher.customerKey("cust-42")).isEqualTo("9f048245225547ccc16ca2c34b8fd9ad");
    assertThat(hasher.identifierKey(IdentifierKind.EMAIL, " Jane.Doe@Example.COM "))
        .isEqualTo("email:50ceba8fa19b62ad21a5e7f4a63a228c");
    assertThat(hasher.identifierKey(IdentifierKind.PHONE, "+44 20 7946-0958"))
        .isEqualTo("phone:e6f2f8e23b3473f2977791743c249d87");
    assertThat(hasher.identifierKey(IdentifierKind.HANDLE, "@JaneDoe"))
        .isEqualTo("handle:481daaa3b19c656031f04df2d8d06364");
  }

  @ParameterizedTest
  @CsvSource({
      "'+44 20 7946 0958', '0044 (20) 7946.0958'",
      "'+442079460958', '+44-20-7946-0958'",
  })
  void theSamePhoneWrittenDifferentlyHasOneKey(String a, String b) {
    assertThat(hasher.identifierKey(IdentifierKind.PHONE, a)).isEqualTo(hasher.identifierKey(IdentifierKind.PHONE, b));
  }

  @Test
  void anotherSecretGivesOtherKeysAndTheSecretIsNeverShown() {
    IdentityHasher other = new IdentityHasher("another-secret-key-4567");
    assertThat(other.customerKey("cust-42")).isNotEqualTo(hasher.customerKey("cust-42"));
    assertThat(hasher.toString()).doesNotContain("test-secret");
    assertThatThrownBy(() -> new IdentityHasher("short")).hasMessageContaining("at least 16 characters");
  }

  @Test
  void kindsDoNotCollide() {
    // The same text as a handle and as a customer id must not become the same key.
    assertThat(hasher.identifierKey(IdentifierKind.HANDLE, "cust42")).endsWith(
        hasher.identifierKey(IdentifierKind.HANDLE, "CUST42").substring(7));
    assertThat(hasher.identifierKey(IdentifierKind.HANDLE, "cust42").substring(7)).isNotEqualTo(hasher.customerKey("cust42"));
  }

  @Test
  void aHasherSurvivesJavaSerialisationAsFlinkShipsIt() throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(hasher);
    }
    IdentityHasher copy;
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (IdentityHasher) in.readObject();
    }
    assertThat(copy.customerKey("cust-42")).isEqualTo(hasher.customerKey("cust-42"));
  }
}
