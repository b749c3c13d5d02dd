package dev.clir.intent;

import java.util.Objects;

/**
 * One example utterance and the intent it expresses, as a team labels it.
 *
 * @param label the intent, e.g. {@code reset_password}; non-blank, trimmed
 * @param text the utterance; non-blank, trimmed
 */
public record LabeledText(String label, String text) {

  public LabeledText {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(text, "text");
    label = label.strip();
    text = text.strip();
    if (label.isEmpty()) {
      throw new IllegalArgumentException("label must not be blank (text: \"" + text + "\")");
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text must not be blank (label: " + label + ")");
    }
  }
}
