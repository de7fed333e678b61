package dev.airlock.aws.sqs;

import dev.airlock.testkit.LocalAwsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SqsJobQueueScenarios} against ElasticMQ (embedded, real socket) from the testkit. */
@ExtendWith(LocalAwsExtension.class)
class SqsJobQueueIT extends SqsJobQueueScenarios {}
