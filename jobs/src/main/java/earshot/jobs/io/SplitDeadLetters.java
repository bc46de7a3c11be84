package earshot.jobs.io;

import earshot.schemas.AvroTrust;
import earshot.schemas.DeadLetter;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes decoded records on and sends dead letters to the {@link #DEAD_LETTERS} side output. */
public final class SplitDeadLetters<T> extends ProcessFunction<Either<DeadLetter, T>, T> {

  // Task managers read Earshot's Avro records as soon as this function is deployed (state
  // restore comes before open()): trust the generated classes when this class loads.
  static {
    AvroTrust.install();
  }

  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  @Override
  public void processElement(Either<DeadLetter, T> value, Context context, Collector<T> out) {
    if (value.isRight()) {
      out.collect(value.right());
    } else {
      context.output(DEAD_LETTERS, value.left());
    }
  }
}
