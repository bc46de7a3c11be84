package earshot.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the README describes, enforced on the compiled classes of every module: the domain
 * (text, detectors, churn, identity, metrics) is plain Java; schemas depend on no other module;
 * connectors know nothing of the jobs; nothing but the command line uses the command line; and
 * neither the modules nor the jobs' packages depend on each other in a cycle.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("earshot");
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
            "earshot.deploy..", "earshot.cli..")
        .check(classes);
  }

  @Test
  void connectorsKnowNothingOfTheJobsOrTheCommandLine() {
    noClasses().that().resideInAPackage("earshot.connectors..")
        .should().dependOnClassesThat().resideInAnyPackage("earshot.jobs..", "earshot.cli..", "earshot.deploy..")
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
}
