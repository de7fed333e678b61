package dev.airlock.analyzers.sarif;

import java.util.List;

/**
 * A SARIF 2.1.0 log: one run per analyzer.
 *
 * @param runs the runs, in analyzer order
 */
public record SarifLog(List<SarifRun> runs) {

  /** The {@code $schema} written into every log: the OASIS SARIF 2.1.0 (errata 01) schema. */
  public static final String SCHEMA_URI =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  /** The only SARIF version Airlock writes. */
  public static final String VERSION = "2.1.0";

  public SarifLog {
    runs = List.copyOf(runs);
  }
}
