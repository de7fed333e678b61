package dev.airlock.analyzers.sarif;

import java.util.List;
import java.util.Objects;

/**
 * A tool execution notification from Airlock's own catalogue (see {@link AirlockNote}): the only
 * notifications the scrubber keeps, since their text can hold nothing but numbers and rule ids.
 *
 * @param note which note
 * @param level its level
 * @param arguments values for the note's template
 */
public record ToolNote(AirlockNote note, SarifLevel level, List<Object> arguments) {

  /**
   * @throws IllegalArgumentException if the arguments do not fit the note's template
   */
  public ToolNote {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(level, "level");
    arguments = List.copyOf(arguments);
    note.render(arguments);
  }

  /** Convenience constructor. */
  public static ToolNote of(AirlockNote note, SarifLevel level, Object... arguments) {
    return new ToolNote(note, level, List.of(arguments));
  }

  /** The rendered message text. */
  public String text() {
    return note.render(arguments);
  }
}
