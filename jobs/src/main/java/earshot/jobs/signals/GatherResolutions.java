package earshot.jobs.signals;

import earshot.jobs.churn.CustomerContact;
import earshot.jobs.identity.IdentityAnswer;
import earshot.jobs.identity.Resolution;
import earshot.schemas.AvroTrust;
import earshot.schemas.CustomerSignal;
import earshot.schemas.IdentityLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Collects, per interaction, the identity table's answers for each of its identifiers and resolves
 * the interaction to one customer ({@link Resolution}): the contact goes on to that customer's
 * journey, identifiers nobody knew are proposed as LINKED ({@link #LINKS}), identifiers of another
 * customer are reported ({@link #CONFLICTS}). An interaction whose identifiers are all unknown is
 * anonymous (counter {@code earshotUnresolvedContacts}). Keyed by interaction id; the partial answers
 * live only until the last one arrives (a TTL of a day guards against answers that never come).
 */
public final class GatherResolutions extends KeyedProcessFunction<String, IdentityAnswer, CustomerContact> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  public static final OutputTag<IdentityLink> LINKS = new OutputTag<>("proposed-links", new AvroTypeInfo<>(IdentityLink.class));
  public static final OutputTag<CustomerSignal> CONFLICTS =
      new OutputTag<>("resolution-conflicts", new AvroTypeInfo<>(CustomerSignal.class));

  private transient ListState<IdentityAnswer> answers;
  private transient Counter unresolved;
  private transient Counter conflicts;

  @Override
  public void open(OpenContext context) {
    ListStateDescriptor<IdentityAnswer> descriptor = new ListStateDescriptor<>("answers",
        TypeInformation.of(IdentityAnswer.class));
    descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(1)).build());
    answers = getRuntimeContext().getListState(descriptor);
    unresolved = getRuntimeContext().getMetricGroup().counter("earshotUnresolvedContacts");
    conflicts = getRuntimeContext().getMetricGroup().counter("earshotIdentityConflicts");
  }

  @Override
  public void processElement(IdentityAnswer answer, Context context, Collector<CustomerContact> out) throws Exception {
    List<IdentityAnswer> all = new ArrayList<>();
    if (answer.count > 1) {
      for (IdentityAnswer earlier : answers.get()) {
        all.add(earlier);
      }
    }
    all.add(answer);
    if (all.size() < answer.count) {
      answers.add(answer);
      return;
    }
    answers.clear();
    Resolution.Result result = Resolution.resolve(all, answer.contact.contact.at);
    if (result.customerKey() == null) {
      unresolved.inc();
      return;
    }
    CustomerContact resolved = answer.contact;
    resolved.customerKey = result.customerKey();
    out.collect(resolved);
    result.links().forEach(link -> context.output(LINKS, link));
    for (CustomerSignal conflict : result.conflicts()) {
      conflicts.inc();
      context.output(CONFLICTS, conflict);
    }
  }
}
