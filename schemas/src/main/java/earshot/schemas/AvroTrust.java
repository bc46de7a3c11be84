package earshot.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (since 1.11.4) only instantiates classes it trusts when it reads specific records.
 * Earshot's generated classes in {@code earshot.schemas} are added to the trusted set of this
 * JVM by {@link #install()}, which every codec and job entry point calls. A JVM that reads
 * Earshot records without running Earshot code first (a bare Flink TaskManager) also trusts them
 * with {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=earshot.schemas}, which the cluster
 * configurations Earshot writes include.
 *
 * <p>Why the jobs' operators call it in {@code open()} rather than once per job: records between
 * operators and in state go through Flink's own Avro serializer, which Earshot cannot hook, and
 * Flink has no per-job start-up hook in a TaskManager; {@code open()} is the earliest Earshot code
 * that every task runs before it processes records. State restored before {@code open()} relies on
 * the JVM option above.
 */
public final class AvroTrust {

  public static final String PACKAGE = "earshot.schemas";

  private static volatile boolean installed;

  private AvroTrust() {}

  public static void install() {
    if (installed) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!installed) {
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
            type -> type.getName().startsWith(PACKAGE + ".")));
        installed = true;
      }
    }
  }
}
