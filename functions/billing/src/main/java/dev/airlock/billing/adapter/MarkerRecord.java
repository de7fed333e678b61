package dev.airlock.billing.adapter;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** The stored form of an event marker: identifiers and a state, nothing of the event's content. */
@Serdeable
record MarkerRecord(String eventId, String type, String state, Instant updatedAt) {}
