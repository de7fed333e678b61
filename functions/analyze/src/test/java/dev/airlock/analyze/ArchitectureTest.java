package dev.airlock.analyze;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's dependency rule (STYLE.md), as a test rather than a wish. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.analyze");

  @Test
  void domainAndPorts_shouldImportNoFrameworkNoAwsSdkNoJgit_whenCompiled() {
    noClasses()
        .that()
        .resideInAnyPackage("..analyze.domain..", "..analyze.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "software.amazon..",
            "com.amazonaws..",
            "org.eclipse.jgit..",
            "dev.airlock.aws..")
        .check(CLASSES);
  }

  @Test
  void domain_shouldNotUseAdaptersOrConfiguration_whenCompiled() {
    noClasses()
        .that()
        .resideInAnyPackage("..analyze.domain..", "..analyze.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..analyze.adapter..", "..analyze.config..")
        .check(CLASSES);
  }

  @Test
  void handler_shouldImportNoAwsClientAndNoAdapter_whenCompiled() {
    noClasses()
        .that()
        .resideInAPackage("dev.airlock.analyze")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..", "dev.airlock.aws..", "..analyze.adapter..", "org.eclipse.jgit..")
        .check(CLASSES);
  }

  @Test
  void module_shouldNotDependOnAnotherFunctionModule_whenCompiled() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airlock.analyzers..",
            "dev.airlock.webhook..",
            "dev.airlock.billing..",
            "dev.airlock.backup..",
            "dev.airlock.accounts..",
            "dev.airlock.local..",
            "dev.airlock.emulators..",
            "dev.airlock.testkit..")
        .check(CLASSES);
  }

  @Test
  void adapters_shouldNotDependOnEachOther_exceptThroughPorts() {
    noClasses()
        .that()
        .resideInAPackage("..analyze.adapter.process..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..analyze.adapter.jgit..", "..analyze.adapter.github..", "..analyze.adapter.state..")
        .check(CLASSES);
  }
}
