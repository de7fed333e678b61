"""Airlock's own cfn-lint rules: run with `cfn-lint --append-rules infra/cfn-rules`.

cfn-lint lints the template after the SAM transform, so rules about functions target
AWS::Lambda::Function, not AWS::Serverless::Function.
"""

from cfnlint.data import AdditionalSpecs
from cfnlint.helpers import load_resource
from cfnlint.rules import CloudFormationLintRule, RuleMatch

# Documents whose Statement lists are IAM policy language, by resource type and property path.
_POLICY_PATHS = {
    "AWS::IAM::Policy": [["PolicyDocument"]],
    "AWS::IAM::ManagedPolicy": [["PolicyDocument"]],
    "AWS::IAM::Role": [["AssumeRolePolicyDocument"]],
    "AWS::KMS::Key": [["KeyPolicy"]],
    "AWS::KMS::ReplicaKey": [["KeyPolicy"]],
    "AWS::S3::BucketPolicy": [["PolicyDocument"]],
    "AWS::SQS::QueuePolicy": [["PolicyDocument"]],
}


def _branches(value):
    """Expands Fn::If into both branches; drops AWS::NoValue."""
    if isinstance(value, dict) and len(value) == 1 and "Fn::If" in value:
        args = value["Fn::If"]
        if isinstance(args, list) and len(args) == 3:
            return _branches(args[1]) + _branches(args[2])
        return []
    if isinstance(value, dict) and value.get("Ref") == "AWS::NoValue":
        return []
    return [value]


def _statements(document):
    """Yields (index, statement) of a policy document, through Fn::If."""
    if not isinstance(document, dict):
        return
    statements = document.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return
    for index, element in enumerate(statements):
        for statement in _branches(element):
            if isinstance(statement, dict):
                yield index, statement


def _documents(resource_type, properties):
    for path in _POLICY_PATHS.get(resource_type, []):
        node = properties
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            yield path, node
    if resource_type == "AWS::IAM::Role":
        for index, policy in enumerate(properties.get("Policies", []) or []):
            if isinstance(policy, dict):
                yield ["Policies", index, "PolicyDocument"], policy.get("PolicyDocument")


class IamActionsExist(CloudFormationLintRule):
    """W3037 is skipped for SAM templates (aws/serverless-application-model#3633); this is not."""

    id = "E9001"
    shortdesc = "IAM actions exist"
    description = "Every IAM action named in a policy document must exist in the IAM service reference"
    source_url = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"
    tags = ["airlock", "iam"]

    def __init__(self):
        super().__init__()
        self._service_map = load_resource(AdditionalSpecs, "Policies.json")

    def _unknown(self, action):
        if action == "*" or ":" not in action:
            return action != "*"
        service, permission = action.lower().split(":", 1)
        actions = self._service_map.get(service, {}).get("Actions")
        if actions is None:
            return True
        if "*" in permission or "?" in permission:
            return False  # wildcards are Airlock policy's concern (TemplatePolicy), not a typo
        return permission not in actions

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources().items():
            resource_type = resource.get("Type")
            properties = resource.get("Properties", {})
            if not isinstance(properties, dict):
                continue
            for path, document in _documents(resource_type, properties):
                for index, statement in _statements(document):
                    for key in ("Action", "NotAction"):
                        actions = statement.get(key, [])
                        for action in actions if isinstance(actions, list) else [actions]:
                            if isinstance(action, str) and self._unknown(action):
                                matches.append(
                                    RuleMatch(
                                        ["Resources", name, "Properties", *path, "Statement", index, key],
                                        f"Unknown IAM action {action!r} in {name}",
                                    )
                                )
        return matches


class LambdaLimitsAndLogs(CloudFormationLintRule):
    """Each Airlock function has its own limits and a log group it writes to."""

    id = "E9002"
    shortdesc = "Lambda functions set limits and a log group"
    description = (
        "Every AWS::Lambda::Function sets Timeout, MemorySize, ReservedConcurrentExecutions "
        "and LoggingConfig.LogGroup"
    )
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-common.html"
    tags = ["airlock", "lambda"]

    _REQUIRED = ("Timeout", "MemorySize", "ReservedConcurrentExecutions")

    def match(self, cfn):
        matches = []
        for name, resource in cfn.get_resources(["AWS::Lambda::Function"]).items():
            properties = resource.get("Properties", {})
            if not isinstance(properties, dict):
                continue
            for key in self._REQUIRED:
                if key not in properties:
                    matches.append(
                        RuleMatch(["Resources", name, "Properties"], f"{name} does not set {key}")
                    )
            logging = properties.get("LoggingConfig")
            if not isinstance(logging, dict) or "LogGroup" not in logging:
                matches.append(
                    RuleMatch(
                        ["Resources", name, "Properties"],
                        f"{name} does not name its log group in LoggingConfig.LogGroup",
                    )
                )
        return matches
