package earshot.jobs.identity;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymises customer identifiers: the key of an identifier is HMAC-SHA256, with a secret key
 * ({@code identity.hash-key}), of {@code <kind>:<normalised value>}, as 32 lower-case hex digits
 * (the first 128 bits). A CRM or data warehouse holding the same secret computes the same keys and
 * can join Earshot's outputs to its customers; without the secret a key cannot be traced back to
 * an e-mail address or phone number, not even by trying every number.
 *
 * <ul>
 *   <li>{@link #customerKey} = HMAC({@code "customer:" + customerId}) : the key of a customer;
 *   <li>{@link #identifierKey} = {@code "<kind>:" + HMAC("<kind>:" + normalised value)}, such as
 *       {@code email:3f9a...}: the key of one identifier on the identity topic.
 * </ul>
 *
 * <p>Not thread-safe (it keeps one {@link Mac}); each task or thread uses its own copy.
 */
public final class IdentityHasher implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Fewest characters a secret must have. */
  public static final int MIN_SECRET_LENGTH = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] secret;
  private transient Mac mac;

  public IdentityHasher(String secret) {
    if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException("the identity hash key must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The key of a customer id. */
  public String customerKey(String customerId) {
    return hash(IdentifierKind.CUSTOMER, IdentifierKind.CUSTOMER.normalise(customerId));
  }

  /** The key of an identifier, with its kind: {@code email:3f9a...}. */
  public String identifierKey(IdentifierKind kind, String value) {
    return kind.prefix() + ":" + hash(kind, kind.normalise(value));
  }

  private String hash(IdentifierKind kind, String normalised) {
    if (mac == null) {
      try {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(secret, ALGORITHM));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
      }
    }
    byte[] digest = mac.doFinal((kind.prefix() + ":" + normalised).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 16);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityHasher h && Arrays.equals(secret, h.secret);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret);
  }

  @Override
  public String toString() {
    return "IdentityHasher(" + ALGORITHM + ", secret not shown)";
  }
}
