/**
 * The analyze function's composition root. Its beans load only in the analyze function's own
 * context: in AWS its Lambda package holds nothing else (the property is absent and defaults to
 * "analyze"); in the local stack, where every function shares one JVM, each context sets {@code
 * airlock.function}.
 */
@Configuration
@Requires(property = "airlock.function", value = "analyze", defaultValue = "analyze")
package dev.airlock.analyze.config;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
