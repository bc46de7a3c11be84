package earshot.jobs.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Short ids that a replay or a restart computes again identically: a readable kind (such as
 * {@code DETRACTOR_SPIKE} → {@code detractor-spike}) and the first 10 bytes of the SHA-256 of what
 * identifies the thing, in hex.
 */
public final class StableIds {

  private StableIds() {}

  public static String of(String kind, String identity) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return kind.toLowerCase(Locale.ROOT).replace('_', '-') + "-" + HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
