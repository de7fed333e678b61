/**
 * The backup function's composition root. Its beans load only in the backup function's own context:
 * in AWS its Lambda package holds nothing else (the property is absent and defaults to "backup");
 * in the local stack, where every function shares one JVM, each context sets {@code
 * airlock.function}.
 */
@Configuration
@Requires(property = "airlock.function", value = "backup", defaultValue = "backup")
package dev.airlock.backup.config;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
