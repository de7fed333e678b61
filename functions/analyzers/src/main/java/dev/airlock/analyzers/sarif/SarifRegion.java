package dev.airlock.analyzers.sarif;

/**
 * A region of a file: 1-based lines, 1-based columns in UTF-16 code units, end column exclusive
 * (SARIF's convention). Only positions: a region never carries a snippet.
 *
 * @param startLine first line, at least 1
 * @param startColumn first column, or 0 when unknown
 * @param endLine last line, or 0 when unknown (then the start line)
 * @param endColumn column just past the region, or 0 when unknown
 */
public record SarifRegion(int startLine, int startColumn, int endLine, int endColumn) {

  /**
   * @throws IllegalArgumentException if a position is out of range or the end precedes the start
   */
  public SarifRegion {
    if (startLine < 1 || startColumn < 0 || endLine < 0 || endColumn < 0) {
      throw new IllegalArgumentException("region position out of range");
    }
    if (endLine != 0 && endLine < startLine) {
      throw new IllegalArgumentException("region ends before it starts");
    }
    if ((endLine == 0 || endLine == startLine)
        && startColumn > 0
        && endColumn > 0
        && endColumn < startColumn) {
      throw new IllegalArgumentException("region ends before it starts");
    }
  }
}
