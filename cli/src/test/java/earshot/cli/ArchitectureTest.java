package earshot.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import earshot.lab.bench.PipelineBenchmark;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.sentiment.FastSentimentTrainer;
import org.junit.jupiter.api.BeforeAll;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layering the README describes, enforced on the compiled classes of every module: the domain
 * (text, detectors, churn, identity, metrics) is plain Java; schemas depend on no other module;
 * connectors know nothing of the jobs; the lab's offline tooling is used only by the command line
 * (and the lab itself), so nothing the jobs run depends on it; nothing but the command line uses the
 * command line; commands do not use each other; and neither the modules nor the jobs' or the lab's
 * packages depend on each other in a cycle.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // Test fixtures shared through test-jars (earshot-*-tests.jar) are test code too: the default
    // option only recognises test-classes folders, not those jars.
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("earshot");
  }

  @Test
  void theChurnEvaluationRunsWithoutFlink() {
    noClasses().that().resideInAnyPackage("earshot.lab.churn..", "earshot.lab.report..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
        .because("the churn evaluation replays the churn engine in plain Java, fast enough for a unit test")
        .check(classes);
  }

  @Test
  void theDomainImportsNoFlink() {
    noClasses().that().resideInAnyPackage("earshot.jobs.text..", "earshot.jobs.detect..", "earshot.jobs.churn..",
            "earshot.jobs.identity..", "earshot.jobs.metrics..")
        .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
        .because("domain logic is plain Java, unit-tested without Flink; Flink functions wrap it")
        .check(classes);
  }

  @Test
  void schemasDependOnNoOtherModule() {
    noClasses().that().resideInAPackage("earshot.schemas..")
        .should().dependOnClassesThat().resideInAnyPackage("earshot.connectors..", "earshot.jobs..",
            "earshot.deploy..", "earshot.lab..", "earshot.cli..")
        .check(classes);
  }

  @Test
  void connectorsKnowNothingOfTheJobsOrTheCommandLine() {
    noClasses().that().resideInAPackage("earshot.connectors..")
        .should().dependOnClassesThat().resideInAnyPackage("earshot.jobs..", "earshot.lab..", "earshot.cli..",
            "earshot.deploy..")
        .check(classes);
  }

  @Test
  void theLabIsImported() {
    // The rules below would hold vacuously if the lab's classes were missing from the import.
    assertThat(classes.contain(InteractionGenerator.class)).isTrue();
    assertThat(classes.contain(PipelineBenchmark.class)).isTrue();
    assertThat(classes.contain(FastSentimentTrainer.class)).isTrue();
  }

  @Test
  void onlyTheCommandLineAndTheLabUseTheLab() {
    noClasses().that().resideOutsideOfPackages("earshot.cli..", "earshot.lab..")
        .should().dependOnClassesThat().resideInAPackage("earshot.lab..")
        .because("the lab's generator, reports, model training, backtest and benchmarks stay out of the job jar")
        .check(classes);
  }

  @Test
  void theLabDoesNotUseTheCommandLine() {
    noClasses().that().resideInAPackage("earshot.lab..")
        .should().dependOnClassesThat().resideInAPackage("earshot.cli..")
        .because("the command line calls into the lab, not the other way round")
        .check(classes);
  }

  @Test
  void onlyTheCommandLineUsesTheCommandLine() {
    noClasses().that().resideOutsideOfPackage("earshot.cli..")
        .should().dependOnClassesThat().resideInAPackage("earshot.cli..")
        .check(classes);
  }

  @Test
  void commandsDoNotUseEachOther() {
    classes().that().resideInAPackage("earshot.cli..")
        .should(useNoCommandButTheirOwn())
        .because("a command parses its arguments and prints; the work commands share lives in classes of its own"
            + " (Provisioning, InteractionProducer, IdentityPublisher, JobSubmitter, DemoReadBack)")
        .check(classes);
  }

  @Test
  void theCommandRuleSeesTheCommands() {
    // The rule above would hold vacuously if the commands were not recognised as such.
    assertThat(classes.stream().filter(ArchitectureTest::isCommand).map(JavaClass::getSimpleName))
        .contains("DemoCommand", "SetupCommand", "DeployCommand", "SentimentBenchmark")
        .hasSizeGreaterThan(15);
    assertThat(isCommand(classes.get(Command.class))).isFalse();
  }

  /** The classes that choose a command by its name: they alone create commands. */
  private static final Set<String> DISPATCHERS = Set.of(Earshot.class.getName(), BenchCommand.class.getName());

  /** A command: a class implementing {@link Command}, not the interface itself. */
  private static boolean isCommand(JavaClass type) {
    return !type.isInterface() && type.isAssignableTo(Command.class);
  }

  private static JavaClass outermost(JavaClass type) {
    JavaClass outer = type;
    while (outer.getEnclosingClass().isPresent()) {
      outer = outer.getEnclosingClass().get();
    }
    return outer;
  }

  /**
   * No class uses a command (calls its methods, reads its fields, names its type) except the command
   * itself with its nested classes, and the dispatchers, which create the commands.
   */
  private static ArchCondition<JavaClass> useNoCommandButTheirOwn() {
    return new ArchCondition<>("use no command but their own (dispatchers excepted)") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        JavaClass own = outermost(origin);
        if (DISPATCHERS.contains(own.getName())) {
          return;
        }
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = outermost(dependency.getTargetClass());
          if (isCommand(target) && !target.equals(own)) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching("earshot.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theJobsPackagesHaveNoCycles() {
    slices().matching("earshot.jobs.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theLabPackagesHaveNoCycles() {
    slices().matching("earshot.lab.(*)..").should().beFreeOfCycles().check(classes);
  }
}
