package dev.airlock.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Airlock's own rules for its CloudFormation/SAM templates, checked on the parsed, untransformed
 * template (see {@link CfnYaml}). {@link #check} returns every violation it finds; an empty list
 * means the template keeps the rules. It never throws for a bad template: a property it cannot
 * verify statically (a timeout given by a parameter, a policy it cannot read) is a violation.
 *
 * <p>Intrinsic values are compared in a rendered form: {@code Ref X} is {@code ${X}}, {@code GetAtt
 * A.B} is {@code ${A.B}}, {@code Sub s} is {@code s}. {@code Fn::If} in a statement list or a
 * property counts as both of its branches.
 */
public final class TemplatePolicy {

  /** What a violation breaks. */
  public enum Rule {
    /** A bucket lacks PublicAccessBlockConfiguration with all four settings true. */
    BUCKET_PUBLIC_ACCESS_BLOCK,
    /** A bucket is not versioned. */
    BUCKET_VERSIONING,
    /** A bucket's default encryption is not SSE-KMS with a named key. */
    BUCKET_SSE_KMS,
    /**
     * No bucket policy denies s3:* on the bucket and its objects when aws:SecureTransport is false.
     */
    BUCKET_TLS_ONLY,
    /** A replication rule replicates delete markers, skips SSE-KMS objects or lacks RTC/metrics. */
    BUCKET_REPLICATION,
    /** A queue that is no dead-letter queue lacks a redrive policy with maxReceiveCount >= 5. */
    QUEUE_REDRIVE,
    /** A queue's visibility timeout is below 6x the timeout of a function consuming it. */
    QUEUE_VISIBILITY_TIMEOUT,
    /** An Allow statement grants an action with a wildcard, or uses NotAction. */
    IAM_WILDCARD_ACTION,
    /** An identity statement grants on Resource "*" what AWS does not require there. */
    IAM_WILDCARD_RESOURCE,
    /** A function uses managed policies or SAM policy templates, which cannot be reviewed here. */
    IAM_OPAQUE_POLICY,
    /** A function has no log group with RetentionInDays. */
    FUNCTION_LOG_RETENTION,
    /** A function does not set Timeout, MemorySize and ReservedConcurrentExecutions. */
    FUNCTION_LIMITS,
    /** A function has no role of its own defined in the template. */
    FUNCTION_OWN_ROLE,
    /** A symmetric KMS key has rotation off. */
    KMS_KEY_ROTATION,
    /** A KMS key is not multi-region (its replica could not decrypt restored backups). */
    KMS_KEY_MULTI_REGION,
    /** A statement on wildcard keys or aliases is not scoped to alias/airlock/tenant/*. */
    TENANT_KEY_ALIAS_CONDITION,
    /** A statement on tenant keys grants an action Airlock does not need. */
    TENANT_KEY_ACTIONS
  }

  /**
   * One broken rule.
   *
   * @param rule the rule
   * @param resource logical id of the resource at fault
   * @param detail what exactly is wrong, for the reader
   */
  public record Violation(Rule rule, String resource, String detail) {
    public Violation {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(detail, "detail");
    }

    /** {@code RULE@Resource}, the identity tests compare. */
    public String key() {
      return rule + "@" + resource;
    }
  }

  /** The only alias pattern a tenant-key statement may be scoped to. */
  public static final String TENANT_ALIAS_PATTERN = "alias/airlock/tenant/*";

  /** Everything Airlock does with tenant keys: create, name, replicate, rotate, use, shred. */
  public static final Set<String> TENANT_KEY_ACTIONS =
      Set.of(
          "kms:GenerateDataKey",
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:TagResource",
          "kms:CreateAlias",
          "kms:ReplicateKey",
          "kms:DisableKey",
          "kms:ScheduleKeyDeletion",
          "kms:EnableKeyRotation");

  /**
   * Actions that apply to a fresh key before it has its alias: only these may rely on {@code
   * ForAllValues} alone, which a key with no alias satisfies.
   */
  private static final Set<String> KEY_NAMING_ACTIONS =
      Set.of("kms:TagResource", "kms:CreateAlias");

  /** Actions AWS only authorizes on Resource "*", with the condition keys that must narrow them. */
  private static final Map<String, List<String>> STAR_RESOURCE_ACTIONS =
      Map.of(
          "cloudwatch:PutMetricData", List.of("cloudwatch:namespace"),
          "kms:CreateKey",
              List.of("kms:KeySpec", "kms:MultiRegion", "aws:RequestTag/airlock:purpose"),
          "ec2:DescribeNetworkInterfaces", List.of(),
          "ec2:DescribeSubnets", List.of(),
          "xray:PutTraceSegments", List.of(),
          "xray:PutTelemetryRecords", List.of());

  private static final Set<String> FUNCTION_TYPES =
      Set.of("AWS::Serverless::Function", "AWS::Lambda::Function");

  private static final int DEFAULT_LAMBDA_TIMEOUT = 3;
  private static final int DEFAULT_VISIBILITY_TIMEOUT = 30;
  private static final int MIN_MAX_RECEIVE_COUNT = 5;

  private enum DocumentKind {
    IDENTITY,
    TRUST,
    KEY,
    RESOURCE
  }

  private record PolicyDocument(String resource, DocumentKind kind, Object document) {}

  /** Checks {@code template} against every rule. */
  public List<Violation> check(Map<String, Object> template) {
    Map<String, Object> resources = map(template.get("Resources"));
    if (resources == null) {
      return List.of(new Violation(Rule.FUNCTION_LIMITS, "Resources", "template has no Resources"));
    }
    Map<String, Object> globals = map(path(template, "Globals", "Function"));
    List<Violation> violations = new ArrayList<>();
    checkBuckets(resources, violations);
    checkQueues(resources, globals, violations);
    checkFunctions(resources, globals, violations);
    checkKeys(resources, violations);
    checkPolicies(resources, violations);
    return violations;
  }

  // ------------------------------------------------------------------ buckets

  private void checkBuckets(Map<String, Object> resources, List<Violation> out) {
    for (String name : ofType(resources, "AWS::S3::Bucket")) {
      Map<String, Object> props = properties(resources, name);
      Map<String, Object> pab = map(props.get("PublicAccessBlockConfiguration"));
      List<String> missing = new ArrayList<>();
      for (String key :
          List.of(
              "BlockPublicAcls",
              "BlockPublicPolicy",
              "IgnorePublicAcls",
              "RestrictPublicBuckets")) {
        if (pab == null || !isTrue(pab.get(key))) {
          missing.add(key);
        }
      }
      if (!missing.isEmpty()) {
        out.add(violation(Rule.BUCKET_PUBLIC_ACCESS_BLOCK, name, "not true: " + missing));
      }
      if (!"Enabled".equals(path(props, "VersioningConfiguration", "Status"))) {
        out.add(
            violation(
                Rule.BUCKET_VERSIONING, name, "VersioningConfiguration.Status is not Enabled"));
      }
      checkEncryption(name, props, out);
      if (!hasTlsOnlyPolicy(resources, name)) {
        out.add(
            violation(
                Rule.BUCKET_TLS_ONLY,
                name,
                "no bucket policy denies s3:* on the bucket and its objects without TLS"));
      }
      for (Object replication : branches(props.get("ReplicationConfiguration"))) {
        checkReplication(name, map(replication), out);
      }
    }
  }

  private void checkEncryption(String name, Map<String, Object> props, List<Violation> out) {
    List<Object> rules = list(path(props, "BucketEncryption", "ServerSideEncryptionConfiguration"));
    if (rules == null || rules.isEmpty()) {
      out.add(violation(Rule.BUCKET_SSE_KMS, name, "no default encryption"));
      return;
    }
    for (Object rule : rules) {
      Map<String, Object> byDefault = map(path(rule, "ServerSideEncryptionByDefault"));
      Object algorithm = byDefault == null ? null : byDefault.get("SSEAlgorithm");
      if (!"aws:kms".equals(algorithm) && !"aws:kms:dsse".equals(algorithm)) {
        out.add(
            violation(Rule.BUCKET_SSE_KMS, name, "SSEAlgorithm is " + algorithm + ", not aws:kms"));
      } else if (byDefault.get("KMSMasterKeyID") == null) {
        out.add(violation(Rule.BUCKET_SSE_KMS, name, "SSE-KMS without a named key uses aws/s3"));
      }
    }
  }

  private boolean hasTlsOnlyPolicy(Map<String, Object> resources, String bucket) {
    Set<String> bucketArns =
        Set.of("${" + bucket + ".Arn}", "arn:${AWS::Partition}:s3:::${" + bucket + "}");
    Set<String> objectArns = bucketArns.stream().map(arn -> arn + "/*").collect(Collectors.toSet());
    for (String policy : ofType(resources, "AWS::S3::BucketPolicy")) {
      Map<String, Object> props = properties(resources, policy);
      if (!("${" + bucket + "}").equals(render(props.get("Bucket")))) {
        continue;
      }
      for (Map<String, Object> statement : statements(props.get("PolicyDocument"))) {
        Set<String> targets = renderAll(statement.get("Resource"));
        if ("Deny".equals(statement.get("Effect"))
            && isEveryone(statement.get("Principal"))
            && strings(statement.get("Action")).contains("s3:*")
            && targets.stream().anyMatch(bucketArns::contains)
            && targets.stream().anyMatch(objectArns::contains)
            && isFalse(path(statement, "Condition", "Bool", "aws:SecureTransport"))) {
          return true;
        }
      }
    }
    return false;
  }

  private void checkReplication(String name, Map<String, Object> replication, List<Violation> out) {
    List<Object> rules = replication == null ? null : list(replication.get("Rules"));
    if (rules == null || rules.isEmpty()) {
      out.add(violation(Rule.BUCKET_REPLICATION, name, "replication without rules"));
      return;
    }
    for (Object rule : rules) {
      String id = String.valueOf(path(rule, "Id"));
      List<String> problems = new ArrayList<>();
      if (!"Disabled".equals(path(rule, "DeleteMarkerReplication", "Status"))) {
        problems.add("delete markers replicate");
      }
      if (!"Enabled"
          .equals(path(rule, "SourceSelectionCriteria", "SseKmsEncryptedObjects", "Status"))) {
        problems.add("SSE-KMS objects are not replicated");
      }
      if (path(rule, "Destination", "EncryptionConfiguration", "ReplicaKmsKeyID") == null) {
        problems.add("no ReplicaKmsKeyID");
      }
      if (!"Enabled".equals(path(rule, "Destination", "ReplicationTime", "Status"))
          || !Integer.valueOf(15)
              .equals(integer(path(rule, "Destination", "ReplicationTime", "Time", "Minutes")))) {
        problems.add("no 15-minute replication time control");
      }
      if (!"Enabled".equals(path(rule, "Destination", "Metrics", "Status"))) {
        problems.add("no replication metrics");
      }
      if (!problems.isEmpty()) {
        out.add(violation(Rule.BUCKET_REPLICATION, name, "rule " + id + ": " + problems));
      }
    }
  }

  // ------------------------------------------------------------------ queues

  private void checkQueues(
      Map<String, Object> resources, Map<String, Object> globals, List<Violation> out) {
    List<String> queues = ofType(resources, "AWS::SQS::Queue");
    Set<String> deadLetterQueues = new LinkedHashSet<>();
    for (String queue : queues) {
      for (Object redrive : branches(properties(resources, queue).get("RedrivePolicy"))) {
        String target = render(path(redrive, "deadLetterTargetArn"));
        if (target != null && target.startsWith("${") && target.endsWith(".Arn}")) {
          deadLetterQueues.add(target.substring(2, target.length() - ".Arn}".length()));
        }
      }
    }
    for (String queue : queues) {
      if (deadLetterQueues.contains(queue)) {
        continue;
      }
      Map<String, Object> redrive = map(properties(resources, queue).get("RedrivePolicy"));
      Integer maxReceiveCount = redrive == null ? null : integer(redrive.get("maxReceiveCount"));
      if (redrive == null || redrive.get("deadLetterTargetArn") == null) {
        out.add(violation(Rule.QUEUE_REDRIVE, queue, "no RedrivePolicy to a dead-letter queue"));
      } else if (maxReceiveCount == null || maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
        out.add(
            violation(
                Rule.QUEUE_REDRIVE,
                queue,
                "maxReceiveCount "
                    + redrive.get("maxReceiveCount")
                    + " < "
                    + MIN_MAX_RECEIVE_COUNT));
      }
    }
    for (Map.Entry<String, String> consumer : sqsConsumers(resources)) {
      String function = consumer.getKey();
      String queue = consumer.getValue();
      if (!queues.contains(queue)) {
        continue;
      }
      Integer timeout = setting(resources, globals, function, "Timeout", DEFAULT_LAMBDA_TIMEOUT);
      Object rawVisibility = properties(resources, queue).get("VisibilityTimeout");
      Integer visibility =
          rawVisibility == null ? DEFAULT_VISIBILITY_TIMEOUT : integer(rawVisibility);
      if (timeout == null || visibility == null) {
        out.add(
            violation(
                Rule.QUEUE_VISIBILITY_TIMEOUT,
                queue,
                "timeouts of " + queue + " and " + function + " must be literal numbers"));
      } else if (visibility < 6 * timeout) {
        out.add(
            violation(
                Rule.QUEUE_VISIBILITY_TIMEOUT,
                queue,
                "VisibilityTimeout " + visibility + " < 6 x " + function + " Timeout " + timeout));
      }
    }
  }

  /** (function, queue) logical ids, from SAM SQS events and event source mappings. */
  private List<Map.Entry<String, String>> sqsConsumers(Map<String, Object> resources) {
    List<Map.Entry<String, String>> consumers = new ArrayList<>();
    for (String function : functions(resources)) {
      Map<String, Object> events = map(properties(resources, function).get("Events"));
      if (events == null) {
        continue;
      }
      for (Object event : events.values()) {
        if ("SQS".equals(path(event, "Type"))) {
          String queue = logicalIdOfArn(render(path(event, "Properties", "Queue")));
          if (queue != null) {
            consumers.add(Map.entry(function, queue));
          }
        }
      }
    }
    for (String mapping : ofType(resources, "AWS::Lambda::EventSourceMapping")) {
      Map<String, Object> props = properties(resources, mapping);
      String queue = logicalIdOfArn(render(props.get("EventSourceArn")));
      String function = render(props.get("FunctionName"));
      if (queue != null && function != null && function.startsWith("${")) {
        consumers.add(
            Map.entry(function.substring(2, function.length() - 1).replace(".Arn", ""), queue));
      }
    }
    return consumers;
  }

  // ------------------------------------------------------------------ functions

  private void checkFunctions(
      Map<String, Object> resources, Map<String, Object> globals, List<Violation> out) {
    Map<String, List<String>> functionsByRole = new HashMap<>();
    for (String function : functions(resources)) {
      Map<String, Object> props = properties(resources, function);
      List<String> unset = new ArrayList<>();
      for (String key : List.of("Timeout", "MemorySize", "ReservedConcurrentExecutions")) {
        if (props.get(key) == null && (globals == null || globals.get(key) == null)) {
          unset.add(key);
        }
      }
      if (!unset.isEmpty()) {
        out.add(violation(Rule.FUNCTION_LIMITS, function, "not set: " + unset));
      }
      checkLogGroup(resources, function, props, out);
      String role = logicalIdOfArn(render(props.get("Role")));
      if (role == null || !"AWS::IAM::Role".equals(type(resources, role))) {
        out.add(
            violation(
                Rule.FUNCTION_OWN_ROLE, function, "Role is not a role defined in the template"));
      } else {
        functionsByRole.computeIfAbsent(role, r -> new ArrayList<>()).add(function);
      }
      Object policies = props.get("Policies");
      if (policies != null) {
        for (Object policy : policies instanceof List<?> l ? l : List.of(policies)) {
          if (map(policy) == null || !map(policy).containsKey("Statement")) {
            out.add(
                violation(
                    Rule.IAM_OPAQUE_POLICY,
                    function,
                    "managed policy or SAM policy template " + policy + " cannot be reviewed"));
          }
        }
      }
    }
    for (Map.Entry<String, List<String>> shared : functionsByRole.entrySet()) {
      if (shared.getValue().size() > 1) {
        for (String function : shared.getValue()) {
          out.add(
              violation(
                  Rule.FUNCTION_OWN_ROLE,
                  function,
                  "shares role " + shared.getKey() + " with " + shared.getValue()));
        }
      }
    }
  }

  private void checkLogGroup(
      Map<String, Object> resources,
      String function,
      Map<String, Object> props,
      List<Violation> out) {
    Set<String> names = new LinkedHashSet<>();
    names.add("/aws/lambda/${" + function + "}");
    String functionName = render(props.get("FunctionName"));
    if (functionName != null) {
      names.add("/aws/lambda/" + functionName);
    }
    String configured = render(path(props, "LoggingConfig", "LogGroup"));
    List<String> groups = new ArrayList<>();
    for (String group : ofType(resources, "AWS::Logs::LogGroup")) {
      String groupName = render(properties(resources, group).get("LogGroupName"));
      if (("${" + group + "}").equals(configured)
          || (groupName != null && names.contains(groupName))) {
        groups.add(group);
      }
    }
    if (groups.isEmpty()) {
      out.add(violation(Rule.FUNCTION_LOG_RETENTION, function, "no log group of its own"));
    }
    for (String group : groups) {
      if (integer(properties(resources, group).get("RetentionInDays")) == null) {
        out.add(violation(Rule.FUNCTION_LOG_RETENTION, function, group + " keeps logs forever"));
      }
    }
  }

  // ------------------------------------------------------------------ keys

  private void checkKeys(Map<String, Object> resources, List<Violation> out) {
    for (String key : ofType(resources, "AWS::KMS::Key")) {
      Map<String, Object> props = properties(resources, key);
      Object spec = props.get("KeySpec");
      if ((spec == null || "SYMMETRIC_DEFAULT".equals(spec))
          && !isTrue(props.get("EnableKeyRotation"))) {
        out.add(violation(Rule.KMS_KEY_ROTATION, key, "EnableKeyRotation is not true"));
      }
      if (!isTrue(props.get("MultiRegion"))) {
        out.add(violation(Rule.KMS_KEY_MULTI_REGION, key, "MultiRegion is not true"));
      }
    }
  }

  // ------------------------------------------------------------------ IAM

  private void checkPolicies(Map<String, Object> resources, List<Violation> out) {
    for (PolicyDocument doc : policyDocuments(resources)) {
      for (Map<String, Object> statement : statements(doc.document())) {
        if (!"Allow".equals(statement.get("Effect"))) {
          continue;
        }
        checkActions(doc, statement, out);
        if (doc.kind() == DocumentKind.IDENTITY) {
          checkStarResource(doc, statement, out);
          checkTenantKeyStatement(doc, statement, out);
        }
      }
    }
  }

  private void checkActions(
      PolicyDocument doc, Map<String, Object> statement, List<Violation> out) {
    if (statement.containsKey("NotAction")) {
      out.add(
          violation(
              Rule.IAM_WILDCARD_ACTION, doc.resource(), "Allow with NotAction " + sid(statement)));
    }
    for (String action : strings(statement.get("Action"))) {
      if (!action.contains("*") && !action.contains("?")) {
        continue;
      }
      boolean rootAdministersKey =
          doc.kind() == DocumentKind.KEY
              && "kms:*".equals(action)
              && isAccountRoot(statement.get("Principal"));
      if (!rootAdministersKey) {
        out.add(
            violation(
                Rule.IAM_WILDCARD_ACTION,
                doc.resource(),
                "grants " + action + " in " + sid(statement)));
      }
    }
  }

  private void checkStarResource(
      PolicyDocument doc, Map<String, Object> statement, List<Violation> out) {
    if (statement.containsKey("NotResource")) {
      out.add(
          violation(
              Rule.IAM_WILDCARD_RESOURCE, doc.resource(), "NotResource in " + sid(statement)));
    }
    if (!renderAll(statement.get("Resource")).contains("*")) {
      return;
    }
    Set<String> conditionKeys = conditionKeys(statement);
    for (String action : strings(statement.get("Action"))) {
      List<String> required = STAR_RESOURCE_ACTIONS.get(action);
      if (required == null) {
        out.add(
            violation(
                Rule.IAM_WILDCARD_RESOURCE,
                doc.resource(),
                action + " on Resource \"*\" in " + sid(statement)));
      } else if (!conditionKeys.containsAll(required)) {
        out.add(
            violation(
                Rule.IAM_WILDCARD_RESOURCE,
                doc.resource(),
                action
                    + " on Resource \"*\" needs conditions "
                    + required
                    + " in "
                    + sid(statement)));
      }
    }
  }

  private void checkTenantKeyStatement(
      PolicyDocument doc, Map<String, Object> statement, List<Violation> out) {
    Set<String> targets = renderAll(statement.get("Resource"));
    boolean wildcardKeys =
        targets.stream().anyMatch(t -> t.contains(":kms:") && t.endsWith(":key/*"));
    List<String> aliasTargets =
        targets.stream().filter(t -> t.contains(":kms:") && t.contains(":alias/")).toList();
    for (String alias : aliasTargets) {
      if (!alias.endsWith(":" + TENANT_ALIAS_PATTERN)) {
        out.add(
            violation(
                Rule.TENANT_KEY_ALIAS_CONDITION,
                doc.resource(),
                "alias resource "
                    + alias
                    + " outside "
                    + TENANT_ALIAS_PATTERN
                    + " in "
                    + sid(statement)));
      }
    }
    if (!wildcardKeys && aliasTargets.isEmpty()) {
      return;
    }
    List<String> actions = strings(statement.get("Action"));
    List<String> unneeded = actions.stream().filter(a -> !TENANT_KEY_ACTIONS.contains(a)).toList();
    if (!unneeded.isEmpty()) {
      out.add(
          violation(
              Rule.TENANT_KEY_ACTIONS,
              doc.resource(),
              "tenant keys do not need " + unneeded + " in " + sid(statement)));
    }
    if (!wildcardKeys) {
      return;
    }
    Map<String, List<String>> aliasConditions = aliasConditions(statement);
    List<String> values = aliasConditions.values().stream().flatMap(List::stream).toList();
    boolean requestAlias = aliasConditions.containsKey("kms:RequestAlias");
    boolean allAliases = aliasConditions.containsKey("ForAllValues:kms:ResourceAliases");
    boolean anyAlias = aliasConditions.containsKey("ForAnyValue:kms:ResourceAliases");
    if (!requestAlias && !allAliases) {
      out.add(
          violation(
              Rule.TENANT_KEY_ALIAS_CONDITION,
              doc.resource(),
              "wildcard keys without kms:RequestAlias or ForAllValues kms:ResourceAliases in "
                  + sid(statement)));
    } else if (values.stream().anyMatch(v -> !TENANT_ALIAS_PATTERN.equals(v))) {
      out.add(
          violation(
              Rule.TENANT_KEY_ALIAS_CONDITION,
              doc.resource(),
              "alias condition "
                  + values
                  + " is not exactly "
                  + TENANT_ALIAS_PATTERN
                  + " in "
                  + sid(statement)));
    } else if (!requestAlias && !anyAlias && !KEY_NAMING_ACTIONS.containsAll(actions)) {
      out.add(
          violation(
              Rule.TENANT_KEY_ALIAS_CONDITION,
              doc.resource(),
              "ForAllValues alone admits keys with no alias; add ForAnyValue in "
                  + sid(statement)));
    }
  }

  /**
   * Alias condition keys of a statement, keyed {@code kms:RequestAlias} or {@code
   * <set-operator>:kms:ResourceAliases}, with their values. Only StringLike/StringEquals count.
   */
  private Map<String, List<String>> aliasConditions(Map<String, Object> statement) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    Map<String, Object> condition = map(statement.get("Condition"));
    if (condition == null) {
      return found;
    }
    for (Map.Entry<String, Object> operator : condition.entrySet()) {
      String op = operator.getKey();
      Map<String, Object> keys = map(operator.getValue());
      if (keys == null) {
        continue;
      }
      String prefix = op.contains(":") ? op.substring(0, op.indexOf(':')) : "";
      String base = op.substring(op.indexOf(':') + 1);
      if (!base.equals("StringLike") && !base.equals("StringEquals")) {
        continue;
      }
      if (keys.containsKey("kms:RequestAlias") && prefix.isEmpty()) {
        found.put("kms:RequestAlias", strings(keys.get("kms:RequestAlias")));
      }
      if (keys.containsKey("kms:ResourceAliases") && !prefix.isEmpty()) {
        found.put(prefix + ":kms:ResourceAliases", strings(keys.get("kms:ResourceAliases")));
      }
    }
    return found;
  }

  private List<PolicyDocument> policyDocuments(Map<String, Object> resources) {
    List<PolicyDocument> docs = new ArrayList<>();
    for (String name : resources.keySet()) {
      String type = type(resources, name);
      Map<String, Object> props = properties(resources, name);
      switch (type == null ? "" : type) {
        case "AWS::IAM::Role" -> {
          docs.add(
              new PolicyDocument(name, DocumentKind.TRUST, props.get("AssumeRolePolicyDocument")));
          for (Object policy : listOrEmpty(props.get("Policies"))) {
            docs.add(
                new PolicyDocument(name, DocumentKind.IDENTITY, path(policy, "PolicyDocument")));
          }
        }
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" ->
            docs.add(new PolicyDocument(name, DocumentKind.IDENTITY, props.get("PolicyDocument")));
        case "AWS::KMS::Key", "AWS::KMS::ReplicaKey" ->
            docs.add(new PolicyDocument(name, DocumentKind.KEY, props.get("KeyPolicy")));
        case "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy" ->
            docs.add(new PolicyDocument(name, DocumentKind.RESOURCE, props.get("PolicyDocument")));
        case "AWS::Serverless::Function" -> {
          Object policies = props.get("Policies");
          for (Object policy : policies instanceof List<?> l ? l : listOrEmpty(policies)) {
            if (map(policy) != null && map(policy).containsKey("Statement")) {
              docs.add(new PolicyDocument(name, DocumentKind.IDENTITY, policy));
            }
          }
          if (map(policies) != null && map(policies).containsKey("Statement")) {
            docs.add(new PolicyDocument(name, DocumentKind.IDENTITY, policies));
          }
        }
        default -> {
          // Other resources carry no policy language.
        }
      }
    }
    return docs;
  }

  // ------------------------------------------------------------------ helpers

  private static Violation violation(Rule rule, String resource, String detail) {
    return new Violation(rule, resource, detail);
  }

  private static List<Map<String, Object>> statements(Object document) {
    List<Map<String, Object>> statements = new ArrayList<>();
    Object raw = path(document, "Statement");
    for (Object element : raw instanceof List<?> l ? l : raw == null ? List.of() : List.of(raw)) {
      for (Object statement : branches(element)) {
        Map<String, Object> map = map(statement);
        if (map != null) {
          statements.add(map);
        }
      }
    }
    return statements;
  }

  /** The values {@code value} can take: both branches of an Fn::If, none for AWS::NoValue. */
  static List<Object> branches(Object value) {
    Map<String, Object> map = map(value);
    if (map != null && map.size() == 1 && map.containsKey("Fn::If")) {
      List<Object> args = list(map.get("Fn::If"));
      if (args == null || args.size() != 3) {
        return List.of();
      }
      List<Object> all = new ArrayList<>(branches(args.get(1)));
      all.addAll(branches(args.get(2)));
      return all;
    }
    if (value == null || (map != null && "AWS::NoValue".equals(map.get("Ref")))) {
      return List.of();
    }
    return List.of(value);
  }

  private static Set<String> conditionKeys(Map<String, Object> statement) {
    Set<String> keys = new LinkedHashSet<>();
    Map<String, Object> condition = map(statement.get("Condition"));
    if (condition != null) {
      for (Object operator : condition.values()) {
        Map<String, Object> entries = map(operator);
        if (entries != null) {
          keys.addAll(entries.keySet());
        }
      }
    }
    return keys;
  }

  private static boolean isEveryone(Object principal) {
    return "*".equals(principal) || "*".equals(path(principal, "AWS"));
  }

  private static boolean isAccountRoot(Object principal) {
    List<String> principals = strings(path(principal, "AWS"));
    return !principals.isEmpty()
        && principals.stream()
            .allMatch(
                p ->
                    p.equals("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
                        || p.equals("${AWS::AccountId}"));
  }

  private static String sid(Map<String, Object> statement) {
    Object sid = statement.get("Sid");
    return sid == null ? "a statement without Sid" : "statement " + sid;
  }

  private static String logicalIdOfArn(String rendered) {
    if (rendered == null || !rendered.startsWith("${") || !rendered.endsWith(".Arn}")) {
      return null;
    }
    return rendered.substring(2, rendered.length() - ".Arn}".length());
  }

  private static Integer setting(
      Map<String, Object> resources,
      Map<String, Object> globals,
      String function,
      String key,
      int fallback) {
    Object value = properties(resources, function).get(key);
    if (value == null && globals != null) {
      value = globals.get(key);
    }
    return value == null ? Integer.valueOf(fallback) : integer(value);
  }

  private static List<String> functions(Map<String, Object> resources) {
    return resources.keySet().stream()
        .filter(n -> FUNCTION_TYPES.contains(type(resources, n)))
        .toList();
  }

  private static List<String> ofType(Map<String, Object> resources, String type) {
    return resources.keySet().stream().filter(n -> type.equals(type(resources, n))).toList();
  }

  private static String type(Map<String, Object> resources, String name) {
    Object type = path(resources.get(name), "Type");
    return type instanceof String s ? s : null;
  }

  private static Map<String, Object> properties(Map<String, Object> resources, String name) {
    Map<String, Object> props = map(path(resources.get(name), "Properties"));
    return props == null ? Map.of() : props;
  }

  /**
   * Renders a string or intrinsic to comparable text: {@code ${X}} for Ref, {@code ${A.B}} for
   * GetAtt, the template of a Sub, the joined parts of a Join; null if it cannot.
   */
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    Map<String, Object> map = map(value);
    if (map == null || map.size() != 1) {
      return null;
    }
    if (map.get("Ref") instanceof String ref) {
      return "${" + ref + "}";
    }
    Object getAtt = map.get("Fn::GetAtt");
    if (getAtt instanceof List<?> parts && parts.size() == 2) {
      return "${" + parts.get(0) + "." + parts.get(1) + "}";
    }
    if (getAtt instanceof String s) {
      return "${" + s + "}";
    }
    Object sub = map.get("Fn::Sub");
    if (sub instanceof String s) {
      return s;
    }
    if (sub instanceof List<?> parts && !parts.isEmpty() && parts.get(0) instanceof String s) {
      return s;
    }
    if (map.get("Fn::Join") instanceof List<?> join
        && join.size() == 2
        && join.get(0) instanceof String separator
        && join.get(1) instanceof List<?> parts) {
      List<String> rendered = new ArrayList<>();
      for (Object part : parts) {
        String text = render(part);
        if (text == null) {
          return null;
        }
        rendered.add(text);
      }
      return String.join(separator, rendered);
    }
    return null;
  }

  private static Set<String> renderAll(Object value) {
    Set<String> rendered = new LinkedHashSet<>();
    for (Object element :
        value instanceof List<?> l ? l : value == null ? List.of() : List.of(value)) {
      for (Object branch : branches(element)) {
        String text = render(branch);
        if (text != null) {
          rendered.add(text);
        }
      }
    }
    return rendered;
  }

  private static List<String> strings(Object value) {
    if (value instanceof String s) {
      return List.of(s);
    }
    if (map(value) != null) {
      String rendered = render(value);
      return rendered == null ? List.of() : List.of(rendered);
    }
    List<String> strings = new ArrayList<>();
    for (Object element : listOrEmpty(value)) {
      if (element instanceof String s) {
        strings.add(s);
      } else {
        String rendered = render(element);
        if (rendered != null) {
          strings.add(rendered);
        }
      }
    }
    return strings;
  }

  static Object path(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      Map<String, Object> map = map(current);
      if (map == null) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : null;
  }

  private static Collection<?> listOrEmpty(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  private static Integer integer(Object value) {
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof Long l && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    if (value instanceof String s && s.matches("\\d{1,9}")) {
      return Integer.valueOf(s);
    }
    return null;
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
  }

  private static boolean isFalse(Object value) {
    return Boolean.FALSE.equals(value) || "false".equalsIgnoreCase(String.valueOf(value));
  }
}
