package earshot.jobs.enrich;

import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.Pseudonymiser;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Runs the {@link Pseudonymiser}: customer id, e-mail, phone and handle leave the enrich job only as
 * keyed hashes. Gauge {@code earshotIdentifiersDropped}: identifiers that could not be normalised
 * (zero behind validation).
 */
public final class PseudonymiseIdentifiers extends RichMapFunction<EnrichedInteraction, EnrichedInteraction> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  private final IdentityHasher hasher;
  private transient Pseudonymiser pseudonymiser;

  public PseudonymiseIdentifiers(IdentityHasher hasher) {
    this.hasher = hasher;
  }

  @Override
  public void open(OpenContext context) {
    pseudonymiser = new Pseudonymiser(hasher);
    getRuntimeContext().getMetricGroup().gauge("earshotIdentifiersDropped", () -> pseudonymiser.dropped());
  }

  @Override
  public EnrichedInteraction map(EnrichedInteraction enriched) {
    return pseudonymiser.apply(enriched);
  }
}
