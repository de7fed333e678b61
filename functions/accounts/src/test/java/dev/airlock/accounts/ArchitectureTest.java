package dev.airlock.accounts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module's dependency rule (STYLE.md), as a test. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airlock.accounts");

  /** Classes Micronaut's annotation processors generate are framework glue. */
  private static final DescribedPredicate<JavaClass> HANDWRITTEN =
      DescribedPredicate.describe(
          "hand-written",
          c -> !c.getName().contains("$Introspection") && !c.getSimpleName().startsWith("$"));

  @Test
  void domainAndPorts_shouldImportNoAwsSdkAndOfMicronautOnlySerdeAnnotations_whenCompiled() {
    noClasses()
        .that(HANDWRITTEN)
        .and()
        .resideInAnyPackage("..accounts.domain..", "..accounts.port..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "AWS SDK, or Micronaut beyond serde and core annotations",
                c ->
                    c.getPackageName().startsWith("software.amazon")
                        || c.getPackageName().startsWith("com.amazonaws")
                        || (c.getPackageName().startsWith("io.micronaut")
                            && !c.getPackageName().startsWith("io.micronaut.serde")
                            && !c.getPackageName().equals("io.micronaut.core.annotation"))))
        .check(CLASSES);
  }

  @Test
  void domainAndPorts_shouldNotUseAdaptersConfigurationOrAwsAdapters_whenCompiled() {
    noClasses()
        .that()
        .resideInAnyPackage("..accounts.domain..", "..accounts.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..accounts.adapter..", "..accounts.config..", "dev.airlock.aws..")
        .check(CLASSES);
  }

  @Test
  void handler_shouldImportNoAwsClientAndNoAdapter_whenCompiled() {
    noClasses()
        .that()
        .resideInAPackage("dev.airlock.accounts")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon..", "dev.airlock.aws..", "..accounts.adapter..")
        .check(CLASSES);
  }

  @Test
  void module_shouldNotDependOnOtherFunctionModules_whenCompiled() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airlock.webhook..",
            "dev.airlock.analyze..",
            "dev.airlock.billing..",
            "dev.airlock.backup..")
        .check(CLASSES);
  }
}
