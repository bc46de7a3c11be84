package earshot.jobs.signals;

import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A type whose records Flink serialises as {@code inner} does, but copies with a hand-written
 * function. Flink copies every record it hands to a chained operator; for a large POJO such as a
 * window's result with its slice breakdown, the POJO serializer's reflective copy was a fifth of
 * the metric windows' task. The copy must be as deep as the serializer's unless the record is never
 * changed once emitted, by its producer or its consumers: then it may be the record itself.
 *
 * <p>Bytes, and so checkpoints and the network, are exactly the inner type's; the serializer's
 * snapshot is the inner one's too, so a state written with this type restores with the plain one.
 */
public final class HandCopiedType<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  /** A copy that Flink can ship with the job. */
  public interface Copier<T> extends UnaryOperator<T>, Serializable {}

  private final TypeInformation<T> inner;
  private final Copier<T> copier;

  public HandCopiedType(TypeInformation<T> inner, Copier<T> copier) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.copier = Objects.requireNonNull(copier, "copier");
  }

  @Override
  public boolean isBasicType() {
    return inner.isBasicType();
  }

  @Override
  public boolean isTupleType() {
    return inner.isTupleType();
  }

  @Override
  public int getArity() {
    return inner.getArity();
  }

  @Override
  public int getTotalFields() {
    return inner.getTotalFields();
  }

  @Override
  public Class<T> getTypeClass() {
    return inner.getTypeClass();
  }

  @Override
  public boolean isKeyType() {
    return inner.isKeyType();
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new Serializer<>(inner.createSerializer(config), copier);
  }

  @Override
  public String toString() {
    return "HandCopied<" + inner + ">";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HandCopiedType<?> that && that.canEqual(this) && inner.equals(that.inner);
  }

  @Override
  public int hashCode() {
    return 31 * inner.hashCode() + 7;
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof HandCopiedType;
  }

  /** The inner serializer with {@link #copy} replaced. */
  static final class Serializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    private final TypeSerializer<T> inner;
    private final Copier<T> copier;

    Serializer(TypeSerializer<T> inner, Copier<T> copier) {
      this.inner = inner;
      this.copier = copier;
    }

    @Override
    public boolean isImmutableType() {
      return inner.isImmutableType();
    }

    @Override
    public TypeSerializer<T> duplicate() {
      TypeSerializer<T> duplicate = inner.duplicate();
      return duplicate == inner ? this : new Serializer<>(duplicate, copier);
    }

    @Override
    public T createInstance() {
      return inner.createInstance();
    }

    @Override
    public T copy(T from) {
      return from == null ? null : copier.apply(from);
    }

    @Override
    public T copy(T from, T reuse) {
      return copy(from);
    }

    @Override
    public int getLength() {
      return inner.getLength();
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
      inner.serialize(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
      return inner.deserialize(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
      return inner.deserialize(reuse, source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      inner.copy(source, target);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Serializer<?> that && inner.equals(that.inner);
    }

    @Override
    public int hashCode() {
      return inner.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
      return inner.snapshotConfiguration();
    }
  }
}
