package earshot.jobs.enrich;

import earshot.connectors.kafka.RecordDecoder;
import earshot.schemas.Interaction;
import earshot.schemas.JsonCodec;
import earshot.schemas.RecordFormatException;
import earshot.schemas.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Decodes an interaction message, Avro single-object encoded or a JSON object (for producers
 * that cannot write Avro, and for JSON-lines files), then validates it. Anything that fails
 * becomes a dead letter with the reason from here. JSON is read by {@link JsonCodec} without
 * guesses (enum synonyms from a fixed table, times without an offset in {@code input.default-zone});
 * Avro messages follow Avro's schema resolution against the shipped schema versions.
 */
public final class InteractionDecoder implements RecordDecoder<Interaction> {

  private static final long serialVersionUID = 1L;

  private final InteractionValidator validator;
  private final ZoneId defaultZone;
  private transient SingleObjectCodec<Interaction> codec;

  /** Reads JSON times without an offset as UTC. */
  public InteractionDecoder(InteractionValidator validator) {
    this(validator, ZoneOffset.UTC);
  }

  /** @param defaultZone the zone of JSON times written without an offset ({@code input.default-zone}) */
  public InteractionDecoder(InteractionValidator validator, ZoneId defaultZone) {
    this.validator = validator;
    this.defaultZone = defaultZone;
  }

  @Override
  public Interaction decode(byte[] bytes) {
    Interaction interaction = looksLikeJson(bytes)
        ? JsonCodec.fromJson(new String(bytes, StandardCharsets.UTF_8), Interaction.class, defaultZone)
        : codec().decode(bytes);
    validator.validate(interaction, System.currentTimeMillis());
    return interaction;
  }

  private SingleObjectCodec<Interaction> codec() {
    if (codec == null) {
      codec = SingleObjectCodec.of(Interaction.class);
    }
    return codec;
  }

  private static boolean looksLikeJson(byte[] bytes) {
    if (bytes == null) {
      throw new RecordFormatException("message has no value");
    }
    for (byte b : bytes) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
        continue;
      }
      return b == '{';
    }
    return false;
  }
}
