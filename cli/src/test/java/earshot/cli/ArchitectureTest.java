package earshot.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import earshot.lab.bench.PipelineBenchmark;
import earshot.lab.generator.InteractionGenerator;
import earshot.lab.sentiment.FastSentimentTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the README describes, enforced on the compiled classes of every module: the domain
 * (text, detectors, churn, identity, metrics) is plain Java; schemas depend on no other module;
 * connectors know nothing of the jobs; the lab's offline tooling is used only by the command line
 * (and the lab itself), so nothing the jobs run depends on it; nothing but the command line uses the
 * command line; and neither the modules nor the jobs' or the lab's packages depend on each other in
 * a cycle.
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
