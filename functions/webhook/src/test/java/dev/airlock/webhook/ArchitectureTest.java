package dev.airlock.webhook;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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
          .importPackages("dev.airlock.webhook");

  @Test
  void domain_shouldImportNoMicronautAndNoAwsSdk_whenCompiled() {
    noClasses()
        .that()
        .resideInAPackage("..webhook.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut..", "software.amazon..", "com.amazonaws..")
        .check(CLASSES);
  }

  /**
   * The controller and the handler reach AWS only through ports: no SDK, and nothing of {@code
   * functions/aws} but its event routing ({@code dev.airlock.aws.http}: API Gateway events, no
   * client), which the handler extends.
   */
  @Test
  void controller_shouldImportNoAwsClient_whenCompiled() {
    noClasses()
        .that()
        .resideInAPackage("dev.airlock.webhook")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("software.amazon..", "dev.airlock.aws..")
                .and(not(resideInAPackage("dev.airlock.aws.http.."))))
        .check(CLASSES);
  }

  @Test
  void adapters_shouldNotBeUsedByTheDomain_whenCompiled() {
    noClasses()
        .that()
        .resideInAPackage("..webhook.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..webhook.adapter..", "..webhook.config..")
        .check(CLASSES);
  }
}
