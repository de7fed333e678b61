package dev.airlock.billing.adapter;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** The stored form of a customer → account link: identifiers only. */
@Serdeable
record CustomerLink(String customerId, String accountId, Instant linkedAt) {}
