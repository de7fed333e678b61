package dev.airlock.aws.kms;

import dev.airlock.testkit.LocalStackAwsExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link KmsDataKeyProviderScenarios} against LocalStack's KMS (skipped without Docker). The
 * key-state scenarios of {@link KmsDataKeyProviderIT} are deliberately not run here:
 * crypto-shredding is specified against Airlock's own KMS endpoint, which enforces key state as AWS
 * KMS documents, and no third-party emulator is relied on for it.
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(LocalStackAwsExtension.class)
class KmsDataKeyProviderDockerIT extends KmsDataKeyProviderScenarios {}
