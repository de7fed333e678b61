package dev.airlock.emulators.kms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The KMS operations, request JSON in, response JSON out, in one region. Key-state rules follow the
 * KMS developer guide's key-state table: cryptographic operations need an {@code Enabled} key
 * ({@code DisabledException} when disabled, {@code KMSInvalidStateException} when pending
 * deletion); management operations refuse a key pending deletion with {@code
 * KMSInvalidStateException}; {@code CancelKeyDeletion} leaves the key {@code Disabled}.
 *
 * <p>Like KMS, cryptographic operations and {@code DescribeKey} accept a key id, key ARN, alias
 * name or alias ARN, while key-management operations ({@code EnableKey}, {@code DisableKey}, {@code
 * ScheduleKeyDeletion}, rotation, tags, {@code ReplicateKey}, an alias's target) accept only a key
 * id or key ARN, so code that passes an alias there fails here as it would in AWS.
 */
final class KmsOperations {

  /** Every operation of the KMS API (2014-11-01); those not implemented here are refused. */
  static final Set<String> KMS_OPERATIONS =
      Set.of(
          "CancelKeyDeletion",
          "ConnectCustomKeyStore",
          "CreateAlias",
          "CreateCustomKeyStore",
          "CreateGrant",
          "CreateKey",
          "Decrypt",
          "DeleteAlias",
          "DeleteCustomKeyStore",
          "DeleteImportedKeyMaterial",
          "DeriveSharedSecret",
          "DescribeCustomKeyStores",
          "DescribeKey",
          "DisableKey",
          "DisableKeyRotation",
          "DisconnectCustomKeyStore",
          "EnableKey",
          "EnableKeyRotation",
          "Encrypt",
          "GenerateDataKey",
          "GenerateDataKeyPair",
          "GenerateDataKeyPairWithoutPlaintext",
          "GenerateDataKeyWithoutPlaintext",
          "GenerateMac",
          "GenerateRandom",
          "GetKeyLastUsage",
          "GetKeyPolicy",
          "GetKeyRotationStatus",
          "GetParametersForImport",
          "GetPublicKey",
          "ImportKeyMaterial",
          "ListAliases",
          "ListGrants",
          "ListKeyPolicies",
          "ListKeyRotations",
          "ListKeys",
          "ListResourceTags",
          "ListRetirableGrants",
          "PutKeyPolicy",
          "ReEncrypt",
          "ReplicateKey",
          "RetireGrant",
          "RevokeGrant",
          "RotateKeyOnDemand",
          "ScheduleKeyDeletion",
          "Sign",
          "TagResource",
          "UntagResource",
          "UpdateAlias",
          "UpdateCustomKeyStore",
          "UpdateKeyDescription",
          "UpdatePrimaryRegion",
          "Verify",
          "VerifyMac");

  private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
  private static final Set<String> ENCRYPTION_ALGORITHMS =
      Set.of(SYMMETRIC_DEFAULT, "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE");
  private static final Pattern ALIAS_NAME = Pattern.compile("^alias/[a-zA-Z0-9/_-]+$");
  private static final Pattern SAFE_TO_ECHO = Pattern.compile("^[A-Za-z0-9:/_.-]{1,256}$");
  private static final int MAX_PLAINTEXT = 4096;
  private static final int MAX_CIPHERTEXT = 6144;

  private final KmsStore store;
  private final ObjectMapper mapper;

  KmsOperations(KmsStore store, ObjectMapper mapper) {
    this.store = store;
    this.mapper = mapper;
  }

  /**
   * Runs one operation in one region.
   *
   * @throws KmsError for every refusal KMS would answer with an error
   */
  ObjectNode invoke(String operation, String region, ObjectNode body) {
    JsonRequest req = new JsonRequest(body);
    return switch (operation) {
      case "CreateKey" -> createKey(region, req);
      case "ReplicateKey" -> replicateKey(region, req);
      case "DescribeKey" -> describeKey(region, req);
      case "ListKeys" -> listKeys(region, req);
      case "UpdateKeyDescription" -> updateKeyDescription(region, req);
      case "CreateAlias" -> createAlias(region, req);
      case "UpdateAlias" -> updateAlias(region, req);
      case "DeleteAlias" -> deleteAlias(region, req);
      case "ListAliases" -> listAliases(region, req);
      case "GenerateDataKey" -> generateDataKey(region, req, true);
      case "GenerateDataKeyWithoutPlaintext" -> generateDataKey(region, req, false);
      case "Encrypt" -> encrypt(region, req);
      case "Decrypt" -> decrypt(region, req);
      case "ReEncrypt" -> reEncrypt(region, req);
      case "GenerateRandom" -> generateRandom(req);
      case "EnableKey" -> setEnabled(region, req, true);
      case "DisableKey" -> setEnabled(region, req, false);
      case "ScheduleKeyDeletion" -> scheduleKeyDeletion(region, req);
      case "CancelKeyDeletion" -> cancelKeyDeletion(region, req);
      case "EnableKeyRotation" -> setRotation(region, req, true);
      case "DisableKeyRotation" -> setRotation(region, req, false);
      case "GetKeyRotationStatus" -> getKeyRotationStatus(region, req);
      case "TagResource" -> tagResource(region, req);
      case "UntagResource" -> untagResource(region, req);
      case "ListResourceTags" -> listResourceTags(region, req);
      default ->
          throw KMS_OPERATIONS.contains(operation)
              ? new KmsError(
                  KmsError.UNSUPPORTED_OPERATION,
                  operation + " is not implemented by Airlock's local KMS stand-in.")
              : new KmsError(KmsError.UNKNOWN_OPERATION, "Unknown operation.");
    };
  }

  // ---- keys ---------------------------------------------------------------------------------

  private ObjectNode createKey(String region, JsonRequest req) {
    String description = req.optionalString("Description", 0, 8192).orElse("");
    for (String member : List.of("KeySpec", "CustomerMasterKeySpec")) {
      req.optionalString(member, 1, 64)
          .filter(spec -> !SYMMETRIC_DEFAULT.equals(spec))
          .ifPresent(
              spec -> {
                throw new KmsError(
                    KmsError.UNSUPPORTED_OPERATION,
                    "Airlock's local KMS supports only SYMMETRIC_DEFAULT keys.");
              });
    }
    req.optionalString("KeyUsage", 1, 64)
        .filter(usage -> !"ENCRYPT_DECRYPT".equals(usage))
        .ifPresent(
            usage -> {
              throw KmsError.validation(
                  "A SYMMETRIC_DEFAULT key must have KeyUsage ENCRYPT_DECRYPT.");
            });
    req.optionalString("Origin", 1, 64)
        .filter(origin -> !"AWS_KMS".equals(origin))
        .ifPresent(
            origin -> {
              throw new KmsError(
                  KmsError.UNSUPPORTED_OPERATION,
                  "Airlock's local KMS supports only AWS_KMS origin.");
            });
    if (req.has("CustomKeyStoreId") || req.has("XksKeyId")) {
      throw new KmsError(
          KmsError.UNSUPPORTED_OPERATION, "Custom key stores are not supported by the local KMS.");
    }
    req.optionalString("Policy", 1, 131072);
    req.bool("BypassPolicyLockoutSafetyCheck", false);
    boolean multiRegion = req.bool("MultiRegion", false);
    Map<String, String> tags = req.tags("Tags");
    return store.transaction(
        () -> {
          KeyRecord key = store.createKey(region, multiRegion, description);
          key.tags.putAll(tags);
          ObjectNode out = mapper.createObjectNode();
          out.set("KeyMetadata", keyMetadata(key));
          return out;
        });
  }

  private ObjectNode replicateKey(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    String replicaRegion = req.requiredString("ReplicaRegion", 1, 32);
    if (!CredentialScope.REGION.matcher(replicaRegion).matches()) {
      throw JsonRequest.invalid(
          "ReplicaRegion", "Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$");
    }
    String description = req.optionalString("Description", 0, 8192).orElse("");
    req.optionalString("Policy", 1, 131072);
    req.bool("BypassPolicyLockoutSafetyCheck", false);
    Map<String, String> tags = req.tags("Tags");
    return store.transaction(
        () -> {
          KeyRecord primary = resolve(region, keyId, false);
          String arn = arn(primary);
          if (!primary.isPrimary()) {
            throw new KmsError(
                KmsError.UNSUPPORTED_OPERATION, arn + " is not a multi-Region primary key.");
          }
          if (replicaRegion.equals(region)) {
            throw KmsError.validation(
                "The replica must be in a different Region than its primary key.");
          }
          requireNotPendingDeletion(primary);
          if (primary.state == KeyState.DISABLED) {
            throw new KmsError(KmsError.DISABLED, arn + " is disabled.");
          }
          if (store.findKey(replicaRegion, primary.keyId).isPresent()) {
            throw new KmsError(
                KmsError.ALREADY_EXISTS,
                store.keyArn(replicaRegion, primary.keyId) + " already exists.");
          }
          KeyRecord replica = store.createReplica(primary, replicaRegion, description);
          replica.tags.putAll(tags);
          ObjectNode out = mapper.createObjectNode();
          out.set("ReplicaKeyMetadata", keyMetadata(replica));
          out.put("ReplicaPolicy", defaultKeyPolicy());
          out.set("ReplicaTags", tagList(replica.tags));
          return out;
        });
  }

  private ObjectNode describeKey(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    return store.transaction(
        () -> {
          ObjectNode out = mapper.createObjectNode();
          out.set("KeyMetadata", keyMetadata(resolve(region, keyId, true)));
          return out;
        });
  }

  private ObjectNode listKeys(String region, JsonRequest req) {
    int limit = req.optionalInt("Limit", 1, 1000).orElse(100);
    Optional<String> marker = req.optionalString("Marker", 1, 1024);
    return store.transaction(
        () -> {
          List<KeyRecord> keys = List.copyOf(store.keys(region));
          List<String> ids = keys.stream().map(k -> k.keyId).toList();
          int start = startIndex(ids, marker);
          int end = Math.min(keys.size(), start + limit);
          ObjectNode out = mapper.createObjectNode();
          ArrayNode list = out.putArray("Keys");
          for (KeyRecord k : keys.subList(start, end)) {
            list.addObject().put("KeyId", k.keyId).put("KeyArn", arn(k));
          }
          page(out, ids, end);
          return out;
        });
  }

  private ObjectNode updateKeyDescription(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    String description = req.requiredString("Description", 0, 8192);
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          requireNotPendingDeletion(key);
          key.description = description;
          store.changed();
          return mapper.createObjectNode();
        });
  }

  // ---- aliases ------------------------------------------------------------------------------

  private ObjectNode createAlias(String region, JsonRequest req) {
    String aliasName = aliasName(req);
    String target = req.requiredString("TargetKeyId", 1, 2048);
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, target, false);
          requireNotPendingDeletion(key);
          if (store.findAlias(region, aliasName).isPresent()) {
            throw new KmsError(
                KmsError.ALREADY_EXISTS,
                "An alias with the name " + store.aliasArn(region, aliasName) + " already exists");
          }
          Instant now = store.now();
          store.putAlias(region, new AliasRecord(aliasName, key.keyId, now, now));
          return mapper.createObjectNode();
        });
  }

  private ObjectNode updateAlias(String region, JsonRequest req) {
    String aliasName = aliasName(req);
    String target = req.requiredString("TargetKeyId", 1, 2048);
    return store.transaction(
        () -> {
          AliasRecord alias = existingAlias(region, aliasName);
          KeyRecord key = resolve(region, target, false);
          requireNotPendingDeletion(key);
          store.putAlias(
              region, new AliasRecord(aliasName, key.keyId, alias.creationDate(), store.now()));
          return mapper.createObjectNode();
        });
  }

  private ObjectNode deleteAlias(String region, JsonRequest req) {
    String aliasName = aliasName(req);
    return store.transaction(
        () -> {
          existingAlias(region, aliasName);
          store.removeAlias(region, aliasName);
          return mapper.createObjectNode();
        });
  }

  private ObjectNode listAliases(String region, JsonRequest req) {
    Optional<String> keyId = req.optionalString("KeyId", 1, 2048);
    int limit = req.optionalInt("Limit", 1, 100).orElse(50);
    Optional<String> marker = req.optionalString("Marker", 1, 1024);
    return store.transaction(
        () -> {
          Optional<String> filter = keyId.map(id -> resolve(region, id, false).keyId);
          List<AliasRecord> aliases =
              store.aliases(region).stream()
                  .filter(a -> filter.isEmpty() || filter.get().equals(a.targetKeyId()))
                  .toList();
          List<String> names = aliases.stream().map(AliasRecord::aliasName).toList();
          int start = startIndex(names, marker);
          int end = Math.min(aliases.size(), start + limit);
          ObjectNode out = mapper.createObjectNode();
          ArrayNode list = out.putArray("Aliases");
          for (AliasRecord a : aliases.subList(start, end)) {
            ObjectNode entry = list.addObject();
            entry.put("AliasName", a.aliasName());
            entry.put("AliasArn", store.aliasArn(region, a.aliasName()));
            entry.put("TargetKeyId", a.targetKeyId());
            entry.put("CreationDate", epochSeconds(a.creationDate()));
            entry.put("LastUpdatedDate", epochSeconds(a.lastUpdatedDate()));
          }
          page(out, names, end);
          return out;
        });
  }

  private String aliasName(JsonRequest req) {
    String name = req.requiredString("AliasName", 1, 256);
    if (!ALIAS_NAME.matcher(name).matches()) {
      throw new KmsError(
          KmsError.INVALID_ALIAS_NAME,
          "Alias must start with alias/ and contain only letters, digits, /, _ and -.");
    }
    if (name.startsWith("alias/aws/")) {
      throw new KmsError(
          KmsError.INVALID_ALIAS_NAME, "The alias/aws/ prefix is reserved for AWS managed keys.");
    }
    return name;
  }

  private AliasRecord existingAlias(String region, String aliasName) {
    return store
        .findAlias(region, aliasName)
        .orElseThrow(
            () ->
                KmsError.notFound("Alias " + store.aliasArn(region, aliasName) + " is not found."));
  }

  // ---- cryptographic operations -------------------------------------------------------------

  private ObjectNode generateDataKey(String region, JsonRequest req, boolean withPlaintext) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    int length = dataKeyLength(req);
    Map<String, String> context = req.stringMap("EncryptionContext");
    rejectRecipient(req);
    boolean dryRun = req.bool("DryRun", false);
    KeyUse key = usableKey(region, keyId);
    byte[] dataKey = new byte[length];
    try {
      if (dryRun) {
        throw dryRun();
      }
      store.random().nextBytes(dataKey);
      byte[] blob =
          CiphertextEnvelope.seal(key.keyId(), key.material(), context, dataKey, store.random());
      ObjectNode out = mapper.createObjectNode();
      out.put("CiphertextBlob", b64(blob));
      if (withPlaintext) {
        out.put("Plaintext", b64(dataKey));
      }
      out.put("KeyId", key.arn());
      return out;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
      key.wipe();
    }
  }

  private static int dataKeyLength(JsonRequest req) {
    Optional<String> spec = req.optionalString("KeySpec", 1, 64);
    Optional<Integer> bytes = req.optionalInt("NumberOfBytes", 1, 1024);
    if (spec.isPresent() == bytes.isPresent()) {
      throw KmsError.validation("Please specify either number of bytes or key spec.");
    }
    if (bytes.isPresent()) {
      return bytes.get();
    }
    return switch (spec.get()) {
      case "AES_256" -> 32;
      case "AES_128" -> 16;
      default ->
          throw JsonRequest.invalid(
              "KeySpec", "Member must satisfy enum value set: [AES_256, AES_128]");
    };
  }

  private ObjectNode encrypt(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    byte[] plaintext = req.requiredBlob("Plaintext", 1, MAX_PLAINTEXT);
    try {
      Map<String, String> context = req.stringMap("EncryptionContext");
      requireSymmetricAlgorithm(req, "EncryptionAlgorithm");
      boolean dryRun = req.bool("DryRun", false);
      KeyUse key = usableKey(region, keyId);
      try {
        if (dryRun) {
          throw dryRun();
        }
        byte[] blob =
            CiphertextEnvelope.seal(
                key.keyId(), key.material(), context, plaintext, store.random());
        ObjectNode out = mapper.createObjectNode();
        out.put("CiphertextBlob", b64(blob));
        out.put("KeyId", key.arn());
        out.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        return out;
      } finally {
        key.wipe();
      }
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private ObjectNode decrypt(String region, JsonRequest req) {
    byte[] blob = req.requiredBlob("CiphertextBlob", 1, MAX_CIPHERTEXT);
    Map<String, String> context = req.stringMap("EncryptionContext");
    Optional<String> keyId = req.optionalString("KeyId", 1, 2048);
    requireSymmetricAlgorithm(req, "EncryptionAlgorithm");
    rejectRecipient(req);
    boolean dryRun = req.bool("DryRun", false);
    Opened opened = open(region, blob, context, keyId, dryRun);
    try {
      ObjectNode out = mapper.createObjectNode();
      out.put("KeyId", opened.arn());
      out.put("Plaintext", b64(opened.plaintext()));
      out.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
      return out;
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
  }

  private ObjectNode reEncrypt(String region, JsonRequest req) {
    byte[] blob = req.requiredBlob("CiphertextBlob", 1, MAX_CIPHERTEXT);
    Map<String, String> sourceContext = req.stringMap("SourceEncryptionContext");
    Optional<String> sourceKeyId = req.optionalString("SourceKeyId", 1, 2048);
    String destinationKeyId = req.requiredString("DestinationKeyId", 1, 2048);
    Map<String, String> destinationContext = req.stringMap("DestinationEncryptionContext");
    requireSymmetricAlgorithm(req, "SourceEncryptionAlgorithm");
    requireSymmetricAlgorithm(req, "DestinationEncryptionAlgorithm");
    boolean dryRun = req.bool("DryRun", false);
    Opened opened = open(region, blob, sourceContext, sourceKeyId, false);
    try {
      KeyUse destination = usableKey(region, destinationKeyId);
      try {
        if (dryRun) {
          throw dryRun();
        }
        byte[] sealed =
            CiphertextEnvelope.seal(
                destination.keyId(),
                destination.material(),
                destinationContext,
                opened.plaintext(),
                store.random());
        ObjectNode out = mapper.createObjectNode();
        out.put("CiphertextBlob", b64(sealed));
        out.put("SourceKeyId", opened.arn());
        out.put("KeyId", destination.arn());
        out.put("SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT);
        out.put("DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT);
        return out;
      } finally {
        destination.wipe();
      }
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
  }

  private ObjectNode generateRandom(JsonRequest req) {
    if (req.has("CustomKeyStoreId")) {
      throw new KmsError(
          KmsError.UNSUPPORTED_OPERATION, "Custom key stores are not supported by the local KMS.");
    }
    rejectRecipient(req);
    int length =
        req.optionalInt("NumberOfBytes", 1, 1024)
            .orElseThrow(() -> JsonRequest.missing("NumberOfBytes"));
    byte[] random = new byte[length];
    store.random().nextBytes(random);
    ObjectNode out = mapper.createObjectNode();
    out.put("Plaintext", b64(random));
    Arrays.fill(random, (byte) 0);
    return out;
  }

  /**
   * Resolves the key a blob names in this region and authenticates the blob under it. A key id that
   * is unknown here is an invalid ciphertext (a single-region key's blob in another region, or a
   * damaged id), except when the key existed here and was deleted: then {@code NotFoundException},
   * so a shredded tenant is distinguishable from tampering.
   */
  private Opened open(
      String region,
      byte[] blob,
      Map<String, String> context,
      Optional<String> requestedKeyId,
      boolean dryRun) {
    CiphertextEnvelope.Parsed parsed = CiphertextEnvelope.parse(blob);
    KeyUse key =
        store.transaction(
            () -> {
              Optional<KeyRecord> found = store.findKey(region, parsed.keyId());
              if (found.isEmpty()) {
                if (store.wasDeleted(region, parsed.keyId())) {
                  throw KmsError.notFound(
                      "Key '" + store.keyArn(region, parsed.keyId()) + "' does not exist");
                }
                throw KmsError.invalidCiphertext();
              }
              KeyRecord k = found.get();
              if (requestedKeyId.isPresent()
                  && !resolve(region, requestedKeyId.get(), true).keyId.equals(k.keyId)) {
                throw new KmsError(
                    KmsError.INCORRECT_KEY,
                    "The key ID in the request does not identify a CMK that can perform this"
                        + " operation.");
              }
              requireUsableForCrypto(k);
              return KeyUse.of(k, arn(k));
            });
    try {
      if (dryRun) {
        throw dryRun();
      }
      return new Opened(key.arn(), CiphertextEnvelope.open(parsed, key.material(), context));
    } finally {
      key.wipe();
    }
  }

  private KeyUse usableKey(String region, String keyId) {
    return store.transaction(
        () -> {
          KeyRecord k = resolve(region, keyId, true);
          requireUsableForCrypto(k);
          return KeyUse.of(k, arn(k));
        });
  }

  private static void requireSymmetricAlgorithm(JsonRequest req, String member) {
    Optional<String> algorithm = req.optionalString(member, 1, 64);
    if (algorithm.isEmpty() || SYMMETRIC_DEFAULT.equals(algorithm.get())) {
      return;
    }
    if (!ENCRYPTION_ALGORITHMS.contains(algorithm.get())) {
      throw JsonRequest.invalid(
          member,
          "Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1,"
              + " RSAES_OAEP_SHA_256, SM2PKE]");
    }
    throw new KmsError(
        KmsError.INVALID_KEY_USAGE,
        algorithm.get() + " is not a valid encryption algorithm for a SYMMETRIC_DEFAULT key.");
  }

  private static void rejectRecipient(JsonRequest req) {
    if (req.has("Recipient")) {
      throw new KmsError(
          KmsError.UNSUPPORTED_OPERATION,
          "Attested recipients (Nitro Enclaves) are not supported by the local KMS.");
    }
  }

  private static KmsError dryRun() {
    return new KmsError(
        KmsError.DRY_RUN, "The request would have succeeded, but the DryRun option is set.");
  }

  // ---- key state ----------------------------------------------------------------------------

  private ObjectNode setEnabled(String region, JsonRequest req, boolean enabled) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          requireNotPendingDeletion(key);
          key.state = enabled ? KeyState.ENABLED : KeyState.DISABLED;
          store.changed();
          return mapper.createObjectNode();
        });
  }

  private ObjectNode scheduleKeyDeletion(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    int days = req.optionalInt("PendingWindowInDays", 1, 365).orElse(30);
    if (days < 7 || days > 30) {
      throw JsonRequest.invalid(
          "PendingWindowInDays", "Member must have value between 7 and 30 inclusive");
    }
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          requireNotPendingDeletion(key);
          key.pendingWindowInDays = days;
          if (key.isPrimary() && !store.replicasOf(key).isEmpty()) {
            // KMS starts a primary's waiting period only once its last replica is deleted.
            key.state = KeyState.PENDING_REPLICA_DELETION;
            key.deletionDate = null;
          } else {
            key.state = KeyState.PENDING_DELETION;
            key.deletionDate = store.now().plus(Duration.ofDays(days));
          }
          store.changed();
          ObjectNode out = mapper.createObjectNode();
          out.put("KeyId", arn(key));
          if (key.deletionDate != null) {
            out.put("DeletionDate", epochSeconds(key.deletionDate));
          }
          out.put("KeyState", key.state.wireName());
          out.put("PendingWindowInDays", days);
          return out;
        });
  }

  private ObjectNode cancelKeyDeletion(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          if (!key.state.pendingDeletion()) {
            throw new KmsError(KmsError.INVALID_STATE, arn(key) + " is not pending deletion.");
          }
          key.state = KeyState.DISABLED;
          key.deletionDate = null;
          key.pendingWindowInDays = null;
          store.changed();
          ObjectNode out = mapper.createObjectNode();
          out.put("KeyId", arn(key));
          return out;
        });
  }

  private ObjectNode setRotation(String region, JsonRequest req, boolean enabled) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    int period = enabled ? req.optionalInt("RotationPeriodInDays", 90, 2560).orElse(365) : 365;
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          if (key.isReplica()) {
            throw new KmsError(
                KmsError.UNSUPPORTED_OPERATION,
                arn(key) + " is a multi-Region replica key; set rotation on its primary key.");
          }
          requireNotPendingDeletion(key);
          if (key.state == KeyState.DISABLED) {
            throw new KmsError(KmsError.DISABLED, arn(key) + " is disabled.");
          }
          Instant now = store.now();
          // Rotation status is a property KMS keeps in sync across a multi-region key.
          for (KeyRecord member : store.multiRegionMembers(key)) {
            member.rotationEnabled = enabled;
            member.rotationPeriodInDays = period;
            member.rotationEnabledAt = enabled ? now : null;
          }
          store.changed();
          return mapper.createObjectNode();
        });
  }

  private ObjectNode getKeyRotationStatus(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          ObjectNode out = mapper.createObjectNode();
          out.put("KeyRotationEnabled", key.rotationEnabled);
          out.put("KeyId", arn(key));
          if (key.rotationEnabled) {
            out.put("RotationPeriodInDays", key.rotationPeriodInDays);
            out.put(
                "NextRotationDate",
                epochSeconds(
                    key.rotationEnabledAt.plus(Duration.ofDays(key.rotationPeriodInDays))));
          }
          return out;
        });
  }

  // ---- tags ---------------------------------------------------------------------------------

  private ObjectNode tagResource(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    if (!req.has("Tags")) {
      throw JsonRequest.missing("Tags");
    }
    Map<String, String> tags = req.tags("Tags");
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          requireNotPendingDeletion(key);
          key.tags.putAll(tags);
          store.changed();
          return mapper.createObjectNode();
        });
  }

  private ObjectNode untagResource(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    if (!req.has("TagKeys")) {
      throw JsonRequest.missing("TagKeys");
    }
    List<String> tagKeys = req.stringList("TagKeys");
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          requireNotPendingDeletion(key);
          tagKeys.forEach(key.tags::remove);
          store.changed();
          return mapper.createObjectNode();
        });
  }

  private ObjectNode listResourceTags(String region, JsonRequest req) {
    String keyId = req.requiredString("KeyId", 1, 2048);
    req.optionalInt("Limit", 1, 50);
    return store.transaction(
        () -> {
          KeyRecord key = resolve(region, keyId, false);
          ObjectNode out = mapper.createObjectNode();
          out.set("Tags", tagList(key.tags));
          out.put("Truncated", false);
          return out;
        });
  }

  // ---- shared -------------------------------------------------------------------------------

  /**
   * Finds a key in this region (lock held) by key id or key ARN and, if {@code aliasAllowed}, by
   * alias name or alias ARN.
   */
  private KeyRecord resolve(String region, String identifier, boolean aliasAllowed) {
    String id = identifier;
    if (id.startsWith("arn:")) {
      String[] parts = id.split(":", 6);
      if (parts.length != 6
          || !parts[1].startsWith("aws")
          || !"kms".equals(parts[2])
          || !(parts[5].startsWith("key/") || parts[5].startsWith("alias/"))) {
        throw new KmsError(KmsError.INVALID_ARN, "Invalid arn " + echo(identifier));
      }
      if (!region.equals(parts[3]) || !store.accountId().equals(parts[4])) {
        throw KmsError.notFound("Invalid arn " + echo(identifier) + " for region " + region);
      }
      id = parts[5].startsWith("key/") ? parts[5].substring("key/".length()) : parts[5];
    }
    if (id.startsWith("alias/")) {
      if (!aliasAllowed) {
        throw KmsError.notFound("Invalid keyId " + echo(identifier));
      }
      String aliasName = id;
      return store
          .findAlias(region, aliasName)
          .flatMap(a -> store.findKey(region, a.targetKeyId()))
          .orElseThrow(
              () ->
                  KmsError.notFound(
                      "Alias " + store.aliasArn(region, aliasName) + " is not found."));
    }
    String keyId = id;
    return store
        .findKey(region, keyId)
        .orElseThrow(
            () ->
                KmsError.notFound(
                    SAFE_TO_ECHO.matcher(keyId).matches()
                        ? "Key '" + store.keyArn(region, keyId) + "' does not exist"
                        : "Invalid keyId"));
  }

  private static String echo(String identifier) {
    return SAFE_TO_ECHO.matcher(identifier).matches() ? identifier : "(not shown)";
  }

  private void requireUsableForCrypto(KeyRecord key) {
    switch (key.state) {
      case ENABLED -> {}
      case DISABLED -> throw new KmsError(KmsError.DISABLED, arn(key) + " is disabled.");
      case PENDING_DELETION ->
          throw new KmsError(KmsError.INVALID_STATE, arn(key) + " is pending deletion.");
      case PENDING_REPLICA_DELETION ->
          throw new KmsError(KmsError.INVALID_STATE, arn(key) + " is pending replica deletion.");
    }
  }

  private void requireNotPendingDeletion(KeyRecord key) {
    if (key.state.pendingDeletion()) {
      throw new KmsError(KmsError.INVALID_STATE, arn(key) + " is pending deletion.");
    }
  }

  private String arn(KeyRecord key) {
    return store.keyArn(key.region, key.keyId);
  }

  /** KMS KeyMetadata of one key; lock held. */
  private ObjectNode keyMetadata(KeyRecord key) {
    ObjectNode m = mapper.createObjectNode();
    m.put("AWSAccountId", store.accountId());
    m.put("KeyId", key.keyId);
    m.put("Arn", arn(key));
    m.put("CreationDate", epochSeconds(key.creationDate));
    m.put("Enabled", key.state == KeyState.ENABLED);
    m.put("Description", key.description);
    m.put("KeyUsage", "ENCRYPT_DECRYPT");
    m.put("KeyState", key.state.wireName());
    if (key.state == KeyState.PENDING_DELETION && key.deletionDate != null) {
      m.put("DeletionDate", epochSeconds(key.deletionDate));
    }
    m.put("Origin", "AWS_KMS");
    m.put("KeyManager", "CUSTOMER");
    m.put("CustomerMasterKeySpec", SYMMETRIC_DEFAULT);
    m.put("KeySpec", SYMMETRIC_DEFAULT);
    m.putArray("EncryptionAlgorithms").add(SYMMETRIC_DEFAULT);
    m.put("MultiRegion", key.multiRegion);
    if (key.multiRegion) {
      ObjectNode config = m.putObject("MultiRegionConfiguration");
      config.put("MultiRegionKeyType", key.isPrimary() ? "PRIMARY" : "REPLICA");
      config
          .putObject("PrimaryKey")
          .put("Arn", store.keyArn(key.primaryRegion, key.keyId))
          .put("Region", key.primaryRegion);
      ArrayNode replicas = config.putArray("ReplicaKeys");
      for (KeyRecord replica : store.replicasOf(key)) {
        replicas.addObject().put("Arn", arn(replica)).put("Region", replica.region);
      }
    }
    if (key.state == KeyState.PENDING_REPLICA_DELETION && key.pendingWindowInDays != null) {
      m.put("PendingDeletionWindowInDays", key.pendingWindowInDays);
    }
    return m;
  }

  private ArrayNode tagList(Map<String, String> tags) {
    ArrayNode list = mapper.createArrayNode();
    tags.forEach((k, v) -> list.addObject().put("TagKey", k).put("TagValue", v));
    return list;
  }

  private String defaultKeyPolicy() {
    ObjectNode policy = mapper.createObjectNode();
    policy.put("Version", "2012-10-17");
    policy.put("Id", "key-default-1");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", "Enable IAM User Permissions");
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("AWS", "arn:aws:iam::" + store.accountId() + ":root");
    statement.put("Action", "kms:*");
    statement.put("Resource", "*");
    return policy.toString();
  }

  private static int startIndex(List<String> ids, Optional<String> marker) {
    if (marker.isEmpty()) {
      return 0;
    }
    int index = ids.indexOf(marker.get());
    if (index < 0) {
      throw new KmsError(KmsError.INVALID_MARKER, "The marker is not valid.");
    }
    return index;
  }

  private static void page(ObjectNode out, List<String> ids, int end) {
    boolean truncated = end < ids.size();
    out.put("Truncated", truncated);
    if (truncated) {
      out.put("NextMarker", ids.get(end));
    }
  }

  /** JSON 1.1 timestamps are epoch seconds; KMS sends millisecond precision. */
  static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** A key's id, ARN and a copy of its material, taken under the lock for use outside it. */
  private record KeyUse(String keyId, String arn, byte[] material) {
    static KeyUse of(KeyRecord key, String arn) {
      return new KeyUse(key.keyId, arn, key.material());
    }

    void wipe() {
      Arrays.fill(material, (byte) 0);
    }

    @Override
    public String toString() {
      return "KeyUse[" + arn + "]";
    }
  }

  private record Opened(String arn, byte[] plaintext) {
    @Override
    public String toString() {
      return "Opened[" + arn + "]";
    }
  }
}
