package dev.airlock.emulators.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keys, aliases and deleted-key tombstones of every region, behind one lock. Every request runs in
 * a {@link #transaction}: first keys whose deletion waiting period has ended are deleted (lazily,
 * so no timer thread is needed and a test clock can jump ahead), then the operation runs, and if
 * anything changed the whole state is written to the state file before the lock is released, so the
 * file never lags behind an answer the client already saw.
 */
final class KmsStore {

  private static final int FORMAT_VERSION = 1;

  private final String accountId;
  private final Clock clock;
  private final SecureRandom random;
  private final StateFile stateFile;
  private final ObjectMapper mapper;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, RegionState> regions = new TreeMap<>();
  private boolean dirty;

  /** One region's keys (creation order), aliases (by name) and ids of deleted keys. */
  private static final class RegionState {
    final Map<String, KeyRecord> keys = new LinkedHashMap<>();
    final Map<String, AliasRecord> aliases = new TreeMap<>();
    final Set<String> deletedKeyIds = new TreeSet<>();
  }

  /**
   * @param stateFile where to persist, or {@code null} to keep everything in memory
   * @throws IllegalStateException if the state file is unreadable or belongs to another account
   */
  KmsStore(
      String accountId,
      Clock clock,
      SecureRandom random,
      StateFile stateFile,
      ObjectMapper mapper) {
    this.accountId = accountId;
    this.clock = clock;
    this.random = random;
    this.stateFile = stateFile;
    this.mapper = mapper;
    if (stateFile != null) {
      stateFile.read().ifPresent(this::load);
    }
  }

  /** Runs {@code body} atomically with respect to every other request. */
  <T> T transaction(Supplier<T> body) {
    lock.lock();
    try {
      expireDueKeys();
      T result;
      try {
        result = body.get();
      } catch (RuntimeException e) {
        persistIfDirty(e);
        throw e;
      }
      persistIfDirty(null);
      return result;
    } finally {
      lock.unlock();
    }
  }

  private void persistIfDirty(RuntimeException pending) {
    if (!dirty) {
      return;
    }
    dirty = false;
    if (stateFile == null) {
      return;
    }
    try {
      stateFile.write(serialize());
    } catch (RuntimeException e) {
      if (pending != null) {
        pending.addSuppressed(e);
        return;
      }
      throw new KmsError(KmsError.INTERNAL, "The local KMS could not save its state file.", 500);
    }
  }

  /** Marks the state as changed so the transaction persists it. */
  void changed() {
    assertLocked();
    dirty = true;
  }

  Instant now() {
    return clock.instant();
  }

  String accountId() {
    return accountId;
  }

  SecureRandom random() {
    return random;
  }

  String keyArn(String region, String keyId) {
    return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
  }

  String aliasArn(String region, String aliasName) {
    return "arn:aws:kms:" + region + ":" + accountId + ":" + aliasName;
  }

  Optional<KeyRecord> findKey(String region, String keyId) {
    assertLocked();
    RegionState rs = regions.get(region);
    return rs == null ? Optional.empty() : Optional.ofNullable(rs.keys.get(keyId));
  }

  /** Whether a key with this id existed in the region and was deleted after its waiting period. */
  boolean wasDeleted(String region, String keyId) {
    assertLocked();
    RegionState rs = regions.get(region);
    return rs != null && rs.deletedKeyIds.contains(keyId);
  }

  Collection<KeyRecord> keys(String region) {
    assertLocked();
    RegionState rs = regions.get(region);
    return rs == null ? List.of() : List.copyOf(rs.keys.values());
  }

  KeyRecord createKey(String region, boolean multiRegion, String description) {
    assertLocked();
    RegionState rs = regions.computeIfAbsent(region, r -> new RegionState());
    String keyId;
    do {
      keyId = multiRegion ? "mrk-" + hex(16) : UUID.randomUUID().toString();
    } while (idInUse(keyId));
    byte[] material = new byte[CiphertextEnvelope.KEY_LENGTH];
    random.nextBytes(material);
    try {
      KeyRecord key =
          new KeyRecord(
              keyId,
              region,
              now(),
              multiRegion,
              multiRegion ? region : null,
              material,
              description);
      rs.keys.put(keyId, key);
      changed();
      return key;
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  /** Creates a replica of a multi-region primary: same id, same material, its own state. */
  KeyRecord createReplica(KeyRecord primary, String replicaRegion, String description) {
    assertLocked();
    RegionState rs = regions.computeIfAbsent(replicaRegion, r -> new RegionState());
    byte[] material = primary.material();
    try {
      KeyRecord replica =
          new KeyRecord(
              primary.keyId, replicaRegion, now(), true, primary.region, material, description);
      replica.rotationEnabled = primary.rotationEnabled;
      replica.rotationPeriodInDays = primary.rotationPeriodInDays;
      replica.rotationEnabledAt = primary.rotationEnabledAt;
      rs.keys.put(replica.keyId, replica);
      rs.deletedKeyIds.remove(replica.keyId);
      changed();
      return replica;
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  /** Every region's record of a multi-region key (primary and replicas), or just this key. */
  List<KeyRecord> multiRegionMembers(KeyRecord key) {
    assertLocked();
    if (!key.multiRegion) {
      return List.of(key);
    }
    List<KeyRecord> members = new ArrayList<>();
    for (RegionState rs : regions.values()) {
      KeyRecord k = rs.keys.get(key.keyId);
      if (k != null && k.multiRegion) {
        members.add(k);
      }
    }
    return members;
  }

  List<KeyRecord> replicasOf(KeyRecord key) {
    return multiRegionMembers(key).stream().filter(KeyRecord::isReplica).toList();
  }

  Optional<KeyRecord> primaryOf(KeyRecord key) {
    if (!key.multiRegion) {
      return Optional.empty();
    }
    return findKey(key.primaryRegion, key.keyId);
  }

  Optional<AliasRecord> findAlias(String region, String aliasName) {
    assertLocked();
    RegionState rs = regions.get(region);
    return rs == null ? Optional.empty() : Optional.ofNullable(rs.aliases.get(aliasName));
  }

  Collection<AliasRecord> aliases(String region) {
    assertLocked();
    RegionState rs = regions.get(region);
    return rs == null ? List.of() : List.copyOf(rs.aliases.values());
  }

  void putAlias(String region, AliasRecord alias) {
    assertLocked();
    regions.computeIfAbsent(region, r -> new RegionState()).aliases.put(alias.aliasName(), alias);
    changed();
  }

  void removeAlias(String region, String aliasName) {
    assertLocked();
    RegionState rs = regions.get(region);
    if (rs != null && rs.aliases.remove(aliasName) != null) {
      changed();
    }
  }

  private boolean idInUse(String keyId) {
    for (RegionState rs : regions.values()) {
      if (rs.keys.containsKey(keyId) || rs.deletedKeyIds.contains(keyId)) {
        return true;
      }
    }
    return false;
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Deletes, earliest first, every key whose waiting period has ended, with its aliases. When the
   * last replica of a primary in {@code PendingReplicaDeletion} goes, the primary's own waiting
   * period starts, counted from that replica's deletion, as KMS does.
   */
  private void expireDueKeys() {
    Instant now = now();
    while (true) {
      KeyRecord due = null;
      for (RegionState rs : regions.values()) {
        for (KeyRecord k : rs.keys.values()) {
          if (k.state == KeyState.PENDING_DELETION
              && k.deletionDate != null
              && !k.deletionDate.isAfter(now)
              && (due == null || k.deletionDate.isBefore(due.deletionDate))) {
            due = k;
          }
        }
      }
      if (due == null) {
        return;
      }
      delete(due);
    }
  }

  private void delete(KeyRecord key) {
    RegionState rs = regions.get(key.region);
    rs.keys.remove(key.keyId);
    rs.aliases.values().removeIf(a -> a.targetKeyId().equals(key.keyId));
    rs.deletedKeyIds.add(key.keyId);
    dirty = true;
    if (key.isReplica()) {
      findKey(key.primaryRegion, key.keyId)
          .filter(p -> p.state == KeyState.PENDING_REPLICA_DELETION)
          .filter(p -> replicasOf(p).isEmpty())
          .ifPresent(
              p -> {
                p.state = KeyState.PENDING_DELETION;
                p.deletionDate = key.deletionDate.plus(Duration.ofDays(p.pendingWindowInDays));
              });
    }
  }

  private void assertLocked() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("KmsStore accessed outside a transaction");
    }
  }

  // ---- persistence -------------------------------------------------------------------------

  private byte[] serialize() {
    ObjectNode root = mapper.createObjectNode();
    root.put("warning", StateFile.WARNING);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("accountId", accountId);
    ObjectNode regionsNode = root.putObject("regions");
    Base64.Encoder b64 = Base64.getEncoder();
    for (Map.Entry<String, RegionState> r : regions.entrySet()) {
      ObjectNode rn = regionsNode.putObject(r.getKey());
      ArrayNode keys = rn.putArray("keys");
      for (KeyRecord k : r.getValue().keys.values()) {
        ObjectNode kn = keys.addObject();
        kn.put("keyId", k.keyId);
        kn.put("creationDate", k.creationDate.toString());
        kn.put("description", k.description);
        kn.put("keyState", k.state.wireName());
        kn.put("deletionDate", k.deletionDate == null ? null : k.deletionDate.toString());
        if (k.pendingWindowInDays == null) {
          kn.putNull("pendingWindowInDays");
        } else {
          kn.put("pendingWindowInDays", k.pendingWindowInDays);
        }
        kn.put("multiRegion", k.multiRegion);
        kn.put("primaryRegion", k.primaryRegion);
        byte[] material = k.material();
        kn.put("material", b64.encodeToString(material));
        Arrays.fill(material, (byte) 0);
        kn.put("rotationEnabled", k.rotationEnabled);
        kn.put("rotationPeriodInDays", k.rotationPeriodInDays);
        kn.put(
            "rotationEnabledAt",
            k.rotationEnabledAt == null ? null : k.rotationEnabledAt.toString());
        ObjectNode tags = kn.putObject("tags");
        k.tags.forEach(tags::put);
      }
      ArrayNode aliases = rn.putArray("aliases");
      for (AliasRecord a : r.getValue().aliases.values()) {
        ObjectNode an = aliases.addObject();
        an.put("aliasName", a.aliasName());
        an.put("targetKeyId", a.targetKeyId());
        an.put("creationDate", a.creationDate().toString());
        an.put("lastUpdatedDate", a.lastUpdatedDate().toString());
      }
      ArrayNode deleted = rn.putArray("deletedKeyIds");
      r.getValue().deletedKeyIds.forEach(deleted::add);
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void load(byte[] content) {
    Path where = stateFile.path();
    JsonNode root;
    try {
      root = mapper.readTree(content);
    } catch (IOException e) {
      // Jackson's message may quote file content (key material): report the file only.
      throw new IllegalStateException("local KMS state file is not valid JSON: " + where);
    }
    try {
      if (root == null || root.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
        throw new IllegalStateException("unsupported local KMS state file format: " + where);
      }
      String fileAccount = root.path("accountId").asText();
      if (!accountId.equals(fileAccount)) {
        throw new IllegalStateException(
            "local KMS state file "
                + where
                + " belongs to account "
                + fileAccount
                + ", not the configured "
                + accountId);
      }
      Base64.Decoder b64 = Base64.getDecoder();
      root.path("regions")
          .properties()
          .forEach(
              r -> {
                RegionState rs = new RegionState();
                for (JsonNode kn : r.getValue().path("keys")) {
                  byte[] material = b64.decode(kn.get("material").asText());
                  KeyRecord k =
                      new KeyRecord(
                          kn.get("keyId").asText(),
                          r.getKey(),
                          Instant.parse(kn.get("creationDate").asText()),
                          kn.get("multiRegion").asBoolean(),
                          textOrNull(kn, "primaryRegion"),
                          material,
                          kn.path("description").asText(""));
                  Arrays.fill(material, (byte) 0);
                  k.state = KeyState.fromWireName(kn.get("keyState").asText());
                  k.deletionDate = instantOrNull(kn, "deletionDate");
                  k.pendingWindowInDays =
                      kn.path("pendingWindowInDays").isInt()
                          ? kn.get("pendingWindowInDays").asInt()
                          : null;
                  k.rotationEnabled = kn.path("rotationEnabled").asBoolean(false);
                  k.rotationPeriodInDays = kn.path("rotationPeriodInDays").asInt(365);
                  k.rotationEnabledAt = instantOrNull(kn, "rotationEnabledAt");
                  kn.path("tags")
                      .properties()
                      .forEach(t -> k.tags.put(t.getKey(), t.getValue().asText()));
                  rs.keys.put(k.keyId, k);
                }
                for (JsonNode an : r.getValue().path("aliases")) {
                  AliasRecord a =
                      new AliasRecord(
                          an.get("aliasName").asText(),
                          an.get("targetKeyId").asText(),
                          Instant.parse(an.get("creationDate").asText()),
                          Instant.parse(an.get("lastUpdatedDate").asText()));
                  rs.aliases.put(a.aliasName(), a);
                }
                for (JsonNode d : r.getValue().path("deletedKeyIds")) {
                  rs.deletedKeyIds.add(d.asText());
                }
                regions.put(r.getKey(), rs);
              });
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "local KMS state file is damaged: " + where + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instantOrNull(JsonNode n, String field) {
    String s = textOrNull(n, field);
    return s == null ? null : Instant.parse(s);
  }
}
