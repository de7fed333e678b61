package dev.airlock.billing;

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
          .importPackages("dev.airlock.billing");

  @Test
  void domainAndPorts_shouldImportNoMicronautNoAwsSdkAndNoStripe_whenCompiled() {
    noClasses()
        .that()
        .resideInAnyPackage("..billing.domain..", "..billing.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "software.amazon..",
            "com.amazonaws..",
            "com.stripe..",
            "com.google..")
        .check(CLASSES);
  }

  @Test
  void domainAndPorts_shouldNotUseAdaptersOrConfiguration_whenCompiled() {
    noClasses()
        .that()
        .resideInAnyPackage("..billing.domain..", "..billing.port..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..billing.adapter..", "..billing.config..", "dev.airlock.aws..")
        .check(CLASSES);
  }

  /**
   * The controller and the handler reach AWS and Stripe only through ports: nothing of {@code
   * functions/aws} but its event routing ({@code dev.airlock.aws.http}: API Gateway events, no
   * client), which the handler extends.
   */
  @Test
  void controller_shouldImportNoAwsClientAndNoAdapter_whenCompiled() {
    noClasses()
        .that()
        .resideInAPackage("dev.airlock.billing")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "software.amazon..", "dev.airlock.aws..", "..billing.adapter..", "com.stripe..")
                .and(not(resideInAPackage("dev.airlock.aws.http.."))))
        .check(CLASSES);
  }

  @Test
  void stripeJava_shouldBeUsedOnlyByTheSignatureAdapter_whenCompiled() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.airlock.billing.adapter.StripeJavaSignatureCheck")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.stripe..")
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
            "dev.airlock.backup..",
            "dev.airlock.accounts..")
        .check(CLASSES);
  }
}
