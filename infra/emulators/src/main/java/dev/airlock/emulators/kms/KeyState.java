package dev.airlock.emulators.kms;

/** The KMS key states this stand-in models, with their wire names. */
enum KeyState {
  ENABLED("Enabled"),
  DISABLED("Disabled"),
  PENDING_DELETION("PendingDeletion"),
  /** A multi-region primary scheduled for deletion that still has replicas. */
  PENDING_REPLICA_DELETION("PendingReplicaDeletion");

  private final String wireName;

  KeyState(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  boolean pendingDeletion() {
    return this == PENDING_DELETION || this == PENDING_REPLICA_DELETION;
  }

  static KeyState fromWireName(String name) {
    for (KeyState s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown key state: " + name);
  }
}
