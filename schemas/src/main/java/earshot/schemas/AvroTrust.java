package earshot.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro (since 1.11.4) only instantiates classes it trusts when it reads specific records.
 * Earshot's generated classes in {@code earshot.schemas} are added to the trusted set of this
 * JVM by {@link #install()}, which every codec and job entry point calls. A JVM that reads
 * Earshot records without running Earshot code first (a bare Flink TaskManager) also trusts them
 * with {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=earshot.schemas}, which the cluster
 * configurations Earshot writes include.
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
