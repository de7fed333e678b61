package dev.airlock.template;

import static dev.airlock.template.Templates.props;
import static dev.airlock.template.Templates.resource;
import static dev.airlock.template.Templates.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What other parts of Airlock rely on in the templates: function handlers and artifacts, routes,
 * the FIFO queue's settings, key aliases, replication and the alarms DESIGN.md promises.
 */
class TemplateContractTest {

  private final Map<String, Object> template = Templates.main();

  private Object at(Object node, String... keys) {
    return TemplatePolicy.path(node, keys);
  }

  @ParameterizedTest
  @CsvSource({
    "WebhookFunction, dev.airlock.webhook.WebhookFunction, webhook",
    "BillingWebhookFunction, dev.airlock.billing.BillingWebhookFunction, billing",
    "AnalyzeFunction, dev.airlock.analyze.AnalyzeHandler, analyze",
    "BackupFunction, dev.airlock.backup.BackupHandler, backup",
    "RestoreDrillFunction, dev.airlock.backup.RestoreDrillHandler, backup",
    "RestoreFunction, dev.airlock.backup.RestoreHandler, backup",
    "AccountsFunction, dev.airlock.accounts.AccountDeletionHandler, accounts",
    "AccountDeletionQueueFunction, dev.airlock.accounts.AccountDeletionQueueHandler, accounts"
  })
  void function_shouldUseItsModulesLambdaJarAndHandler_whenDeployed(
      String function, String handler, String module) {
    Map<String, Object> props = props(template, function);

    assertEquals(handler, props.get("Handler"));
    assertEquals("functions/" + module + "/target/" + module + "-lambda.jar", props.get("CodeUri"));
  }

  @Test
  void globals_shouldRunEveryFunctionOnJava21WithAPublishedAlias_whenDeployed() {
    Map<String, Object> globals = TemplatePolicy.map(at(template, "Globals", "Function"));

    assertEquals("java21", globals.get("Runtime"));
    assertTrue(List.of(List.of("arm64"), List.of("x86_64")).contains(globals.get("Architectures")));
    assertEquals("live", globals.get("AutoPublishAlias"));
  }

  @Test
  void snapStart_shouldApplyToPublishedVersions_whenTheFunctionKeepsTheDefaultTmp() {
    for (String function : functions()) {
      Map<String, Object> props = props(template, function);
      Integer storage = (Integer) at(props, "EphemeralStorage", "Size");
      if (storage == null || storage <= 512) {
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), props.get("SnapStart"), function);
      } else {
        // SnapStart does not support ephemeral storage above 512 MB; the template must say why.
        assertEquals(Map.of("ApplyOn", "None"), props.get("SnapStart"), function);
        assertNotNull(
            at(resource(template, function), "Metadata", "Airlock", "NoSnapStart"), function);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "WebhookFunction, PublishedVersions",
    "BillingWebhookFunction, PublishedVersions",
    "AnalyzeFunction, None",
    "BackupFunction, PublishedVersions",
    "RestoreDrillFunction, PublishedVersions",
    "RestoreFunction, PublishedVersions",
    "AccountsFunction, PublishedVersions"
  })
  void snapStart_shouldBePinnedPerFunction_whenDeployed(String function, String applyOn) {
    // The functions' SnapStartPriming hooks (config packages) assume exactly these settings.
    assertEquals(Map.of("ApplyOn", applyOn), props(template, function).get("SnapStart"));
  }

  @Test
  void snapStart_shouldServeEveryTriggerThroughThePublishedAlias_whenDeployed() {
    // SnapStart only applies to published versions: SAM points a function's inline Events at the
    // AutoPublishAlias, so no function may opt out of the alias, and nothing else in the template
    // may target a function's unqualified ARN (which would run $LATEST, without a snapshot).
    Set<String> functions = new TreeSet<>(functions());
    for (String function : functions) {
      assertNull(props(template, function).get("AutoPublishAlias"), function);
    }
    Map<String, Object> resources = TemplatePolicy.map(template.get("Resources"));
    for (Map.Entry<String, Object> entry : resources.entrySet()) {
      if (functions.contains(entry.getKey())) {
        continue;
      }
      List<String> refs = new ArrayList<>();
      functionArnReferences(at(entry.getValue(), "Properties"), functions, refs);
      assertTrue(refs.isEmpty(), entry.getKey() + " targets " + refs + " outside the alias");
    }
  }

  /** {@code Fn::GetAtt [<function>, Arn]} anywhere below {@code node}. */
  private static void functionArnReferences(Object node, Set<String> functions, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      Object getAtt = map.get("Fn::GetAtt");
      if (getAtt instanceof List<?> l
          && l.size() == 2
          && functions.contains(String.valueOf(l.get(0)))
          && "Arn".equals(l.get(1))) {
        out.add(String.valueOf(l.get(0)));
      }
      map.values().forEach(v -> functionArnReferences(v, functions, out));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> functionArnReferences(v, functions, out));
    }
  }

  @Test
  void httpApi_shouldRouteEachWebhookToItsFunction_whenDeployed() {
    Set<String> routes = new TreeSet<>();
    for (String function : functions()) {
      Map<String, Object> events = TemplatePolicy.map(props(template, function).get("Events"));
      if (events == null) {
        continue;
      }
      for (Object event : events.values()) {
        if ("HttpApi".equals(at(event, "Type"))) {
          assertEquals(Map.of("Ref", "HttpApi"), at(event, "Properties", "ApiId"));
          routes.add(
              function
                  + " "
                  + at(event, "Properties", "Method")
                  + " "
                  + at(event, "Properties", "Path"));
        }
      }
    }

    assertEquals(
        new TreeSet<>(
            List.of(
                "WebhookFunction POST /webhooks/github",
                "WebhookFunction POST /webhooks/gitlab",
                "WebhookFunction POST /webhooks/bitbucket",
                "BillingWebhookFunction POST /webhooks/stripe")),
        routes);
  }

  @Test
  void analysisQueue_shouldBeAHighThroughputFifoWithExplicitDeduplication_whenDeployed() {
    Map<String, Object> queue = props(template, "AnalysisQueue");

    assertEquals(true, queue.get("FifoQueue"));
    assertEquals(false, queue.get("ContentBasedDeduplication"));
    assertEquals("messageGroup", queue.get("DeduplicationScope"));
    assertEquals("perMessageGroupId", queue.get("FifoThroughputLimit"));
    assertNotNull(queue.get("KmsMasterKeyId"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AnalysisDLQ", "Arn")),
        at(queue, "RedrivePolicy", "deadLetterTargetArn"));
    assertEquals(true, props(template, "AnalysisDLQ").get("FifoQueue"));
  }

  @Test
  void analyzeFunction_shouldReportPerMessageFailures_whenConsumingTheQueue() {
    Map<String, Object> event =
        TemplatePolicy.map(at(props(template, "AnalyzeFunction"), "Events", "AnalysisJobs"));

    assertEquals("SQS", event.get("Type"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AnalysisQueue", "Arn")), at(event, "Properties", "Queue"));
    assertEquals(
        List.of("ReportBatchItemFailures"), at(event, "Properties", "FunctionResponseTypes"));
    assertTrue((Integer) at(event, "Properties", "BatchSize") <= 10);
  }

  @Test
  void accountDeletionQueue_shouldBeEncryptedTlsOnlyWithAnAlarmedDlq_whenDeployed() {
    Map<String, Object> queue = props(template, "AccountDeletionQueue");

    assertNotNull(queue.get("KmsMasterKeyId"));
    assertNotNull(props(template, "AccountDeletionDLQ").get("KmsMasterKeyId"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AccountDeletionDLQ", "Arn")),
        at(queue, "RedrivePolicy", "deadLetterTargetArn"));
    Map<String, Object> deny =
        TemplatePolicy.map(
            TemplatePolicy.list(
                    at(
                        props(template, "AccountDeletionQueuesPolicy"),
                        "PolicyDocument",
                        "Statement"))
                .get(0));
    assertEquals("Deny", deny.get("Effect"));
    assertEquals("false", at(deny, "Condition", "Bool", "aws:SecureTransport"));
    assertEquals(
        List.of(
            Map.of("Fn::GetAtt", List.of("AccountDeletionQueue", "Arn")),
            Map.of("Fn::GetAtt", List.of("AccountDeletionDLQ", "Arn"))),
        deny.get("Resource"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AccountDeletionDLQ", "QueueName")),
        at(
            TemplatePolicy.list(props(template, "AccountDeletionDLQAlarm").get("Dimensions"))
                .get(0),
            "Value"));
  }

  @Test
  void accountDeletionQueue_shouldBeFedOnlyByBillingAndConsumedOnlyByTheQueueFunction() {
    Map<String, Object> event =
        TemplatePolicy.map(
            at(props(template, "AccountDeletionQueueFunction"), "Events", "DeletionRequests"));
    assertEquals("SQS", event.get("Type"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AccountDeletionQueue", "Arn")),
        at(event, "Properties", "Queue"));
    assertEquals(
        List.of("ReportBatchItemFailures"), at(event, "Properties", "FunctionResponseTypes"));

    Map<String, Object> send = statement(template, "BillingPolicy", "RequestAccountDeletion");
    assertEquals("sqs:SendMessage", send.get("Action"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AccountDeletionQueue", "Arn")), send.get("Resource"));
    Map<String, Object> consume =
        statement(template, "AccountDeletionQueuePolicy", "ConsumeDeletionRequests");
    assertFalse(
        TemplatePolicy.list(consume.get("Action")).contains("sqs:SendMessage"),
        "the consumer cannot enqueue");
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AccountDeletionQueue", "Arn")), consume.get("Resource"));
    // Billing reads the profile (delete-on-cancel) but can write only its own billing document.
    assertEquals(
        "s3:GetObject", statement(template, "BillingPolicy", "ReadAccountSettings").get("Action"));
    // No other policy may send to the queue.
    for (Map.Entry<String, Object> e : TemplatePolicy.map(template.get("Resources")).entrySet()) {
      if (!"AWS::IAM::Policy".equals(TemplatePolicy.map(e.getValue()).get("Type"))
          || e.getKey().equals("BillingPolicy")) {
        continue;
      }
      for (Object st : Templates.statementList(template, e.getKey())) {
        for (Object branch : TemplatePolicy.branches(st)) {
          Object actions = TemplatePolicy.map(branch).get("Action");
          assertFalse(
              String.valueOf(actions).contains("sqs:SendMessage")
                  && String.valueOf(TemplatePolicy.map(branch).get("Resource"))
                      .contains("AccountDeletionQueue"),
              e.getKey() + " may send deletion requests");
        }
      }
    }
    // And the queue itself refuses every other sender, whatever their identity policies grant.
    Map<String, Object> onlyBilling =
        TemplatePolicy.list(
                at(props(template, "AccountDeletionQueuesPolicy"), "PolicyDocument", "Statement"))
            .stream()
            .map(TemplatePolicy::map)
            .filter(st -> "OnlyBillingRequestsDeletion".equals(st.get("Sid")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no queue statement limits the senders"));
    assertEquals("Deny", onlyBilling.get("Effect"));
    assertEquals("*", onlyBilling.get("Principal"));
    assertEquals("sqs:SendMessage", onlyBilling.get("Action"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AccountDeletionQueue", "Arn")), onlyBilling.get("Resource"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("BillingRole", "Arn")),
        at(onlyBilling, "Condition", "ArnNotEquals", "aws:PrincipalArn"));
    // Both deletion functions share the deletion permissions and nothing else.
    assertEquals(
        List.of(Map.of("Ref", "AccountsRole"), Map.of("Ref", "AccountDeletionQueueRole")),
        props(template, "AccountsPolicy").get("Roles"));
  }

  @ParameterizedTest
  @CsvSource({
    "StateKey, StateKeyAlias, alias/airlock/state",
    "BackupKey, BackupKeyAlias, alias/airlock/backup"
  })
  void serviceKey_shouldHaveItsDesignAlias_whenDeployed(String key, String alias, String name) {
    assertEquals(name, props(template, alias).get("AliasName"));
    assertEquals(Map.of("Ref", key), props(template, alias).get("TargetKeyId"));
  }

  @Test
  void backupBucket_shouldLockAndReplicateSnapshots_whenTheReplicaIsConfigured() {
    Map<String, Object> bucket = props(template, "BackupBucket");
    List<Object> replication =
        TemplatePolicy.list(at(bucket, "ReplicationConfiguration", "Fn::If"));
    Object rule = TemplatePolicy.list(at(replication.get(1), "Rules")).get(0);

    assertEquals(true, bucket.get("ObjectLockEnabled"));
    assertEquals(
        "GOVERNANCE", at(bucket, "ObjectLockConfiguration", "Rule", "DefaultRetention", "Mode"));
    assertEquals("ReplicationConfigured", replication.get(0));
    assertEquals(Map.of("Ref", "AWS::NoValue"), replication.get(2));
    assertEquals(Map.of("Ref", "ReplicaBucketArn"), at(rule, "Destination", "Bucket"));
    assertEquals(
        Map.of("Ref", "ReplicaKmsKeyArn"),
        at(rule, "Destination", "EncryptionConfiguration", "ReplicaKmsKeyID"));
    assertEquals("Disabled", at(rule, "DeleteMarkerReplication", "Status"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("ReplicationRole", "Arn")), at(replication.get(1), "Role"));
  }

  @Test
  void buckets_shouldUseBucketKeysWithTheirOwnServiceKey_whenEncrypting() {
    assertEquals(List.of("StateKey", "true"), encryption("StateBucket"));
    assertEquals(List.of("BackupKey", "true"), encryption("BackupBucket"));
  }

  private List<String> encryption(String bucket) {
    Object rule =
        TemplatePolicy.list(
                at(
                    props(template, bucket),
                    "BucketEncryption",
                    "ServerSideEncryptionConfiguration"))
            .get(0);
    Object key = at(rule, "ServerSideEncryptionByDefault", "KMSMasterKeyID", "Fn::GetAtt");
    return List.of(
        String.valueOf(TemplatePolicy.list(key).get(0)),
        String.valueOf(at(rule, "BucketKeyEnabled")));
  }

  @Test
  void purgeFailures_shouldRaiseAnAlarm_whenTheAnalyzeLogShowsAFailedPurge() {
    Map<String, Object> filter = props(template, "PurgeFailureMetricFilter");
    Object transformation = TemplatePolicy.list(filter.get("MetricTransformations")).get(0);
    Map<String, Object> alarm = props(template, "PurgeFailureAlarm");

    assertEquals(Map.of("Ref", "AnalyzeLogGroup"), filter.get("LogGroupName"));
    assertTrue(((String) filter.get("FilterPattern")).contains("\"sandbox.purge\""));
    assertTrue(((String) filter.get("FilterPattern")).contains("\"failed\""));
    assertEquals(at(transformation, "MetricName"), alarm.get("MetricName"));
    assertEquals(at(transformation, "MetricNamespace"), alarm.get("Namespace"));
    assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
    assertEquals(0, alarm.get("Threshold"));
  }

  @Test
  void deadLetterQueue_shouldRaiseAnAlarm_whenAnyMessageArrives() {
    Map<String, Object> alarm = props(template, "AnalysisDLQAlarm");

    assertEquals("AWS/SQS", alarm.get("Namespace"));
    assertEquals("ApproximateNumberOfMessagesVisible", alarm.get("MetricName"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("AnalysisDLQ", "QueueName")),
        at(TemplatePolicy.list(alarm.get("Dimensions")).get(0), "Value"));
    assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
    assertEquals(0, alarm.get("Threshold"));
  }

  @Test
  void replicationLag_shouldRaiseAnAlarm_whenItExceedsTheReplicationTimeControl() {
    Map<String, Object> alarm = props(template, "ReplicationLatencyAlarm");

    assertEquals(
        "ReplicationConfigured", resource(template, "ReplicationLatencyAlarm").get("Condition"));
    assertEquals("ReplicationLatency", alarm.get("MetricName"));
    assertEquals(900, alarm.get("Threshold"));
  }

  @Test
  void metrics_shouldOnlyBePublishedToTheBackupNamespace_whenPutMetricDataIsGranted() {
    for (String policy : List.of("BackupPolicy", "RestoreDrillPolicy")) {
      Map<String, Object> statement =
          statement(
              template,
              policy,
              policy.equals("BackupPolicy") ? "PublishBackupMetrics" : "PublishDrillMetrics");
      assertEquals(
          Map.of("Fn::Sub", "Airlock/${Stage}/Backup"),
          at(statement, "Condition", "StringEquals", "cloudwatch:namespace"),
          policy);
      assertNotNull(at(resource(template, policy), "Metadata", "Airlock", "WhyStar"), policy);
    }
  }

  @Test
  void outputs_shouldNameTheEndpointsOthersDeployAgainst_whenTheStackIsUp() {
    Map<String, Object> outputs = TemplatePolicy.map(template.get("Outputs"));

    assertTrue(
        outputs
            .keySet()
            .containsAll(
                List.of(
                    "ApiUrl",
                    "AnalysisQueueUrl",
                    "AccountDeletionQueueUrl",
                    "StateBucketName",
                    "BackupBucketName",
                    "StateKeyArn",
                    "BackupKeyArn")),
        outputs.keySet().toString());
  }

  @Test
  void replicaRegion_shouldReplicateBothServiceKeysAndLockReplicas_whenDeployed() {
    Map<String, Object> replica = Templates.replica();

    assertEquals(
        Map.of("Ref", "PrimaryBackupKeyArn"),
        props(replica, "BackupReplicaKey").get("PrimaryKeyArn"));
    assertEquals(
        Map.of("Ref", "PrimaryStateKeyArn"),
        props(replica, "StateReplicaKey").get("PrimaryKeyArn"));
    assertEquals(true, props(replica, "ReplicaBucket").get("ObjectLockEnabled"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("ReplicaBucket", "Arn")),
        at(replica, "Outputs", "ReplicaBucketArn", "Value"));
    assertNull(at(replica, "Transform"));
  }

  private List<String> functions() {
    List<String> functions = new ArrayList<>();
    Map<String, Object> resources = TemplatePolicy.map(template.get("Resources"));
    for (Map.Entry<String, Object> entry : resources.entrySet()) {
      if ("AWS::Serverless::Function".equals(at(entry.getValue(), "Type"))) {
        functions.add(entry.getKey());
      }
    }
    assertEquals(8, functions.size(), functions.toString());
    return functions;
  }
}
