/**
 * The local stand-in for S3 Cross-Region Replication between the two S3Mock instances of the local
 * stack (primary and replica region), with switches to skip, corrupt or delay replicas so that the
 * backup function's replica verifier can be tested on its failure paths. Entry point: {@link
 * dev.airlock.emulators.replication.ReplicationStandIn}.
 */
package dev.airlock.emulators.replication;
