package earshot.jobs.enrich;

import earshot.jobs.identity.IdentityHasher;
import earshot.jobs.identity.Pseudonymiser;
import earshot.schemas.AvroTrust;
import earshot.schemas.EnrichedInteraction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Runs the {@link Pseudonymiser}: customer id, e-mail, phone and handle leave the enrich job only as
 * keyed hashes. Counter {@code earshotIdentifiersDropped}: identifiers that could not be normalised and
 * were removed (the interaction is kept; their field names are in {@code droppedIdentifiers}).
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
  private transient Counter dropped;

  public PseudonymiseIdentifiers(IdentityHasher hasher) {
    this.hasher = hasher;
  }

  @Override
  public void open(OpenContext context) {
    pseudonymiser = new Pseudonymiser(hasher);
    dropped = getRuntimeContext().getMetricGroup().counter("earshotIdentifiersDropped");
  }

  @Override
  public EnrichedInteraction map(EnrichedInteraction enriched) {
    EnrichedInteraction out = pseudonymiser.apply(enriched);
    dropped.inc(out.getDroppedIdentifiers().size());
    return out;
  }
}
