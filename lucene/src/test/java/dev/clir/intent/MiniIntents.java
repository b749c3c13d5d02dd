package dev.clir.intent;

import java.util.ArrayList;
import java.util.List;

/** Four intents, four English examples each: enough for the English test model to tell them apart, fast to embed. */
public final class MiniIntents {
  private MiniIntents() {}

  public static final List<LabeledText> TRAIN = examples(
      "reset_password", List.of("I forgot my password", "how do I reset my password", "the password reset email never came",
          "I can't remember my login password"),
      "track_order", List.of("where is my order", "how can I track my package", "my parcel has not arrived yet",
          "when will my order be delivered"),
      "cancel_subscription", List.of("cancel my subscription", "stop my monthly plan from renewing", "I want to end my membership",
          "how do I unsubscribe from the plan"),
      "battery_drain", List.of("my watch battery drains fast", "the battery only lasts a day", "battery dies too quickly",
          "how do I make the battery last longer"));

  public static List<LabeledText> examples(Object... labelThenTexts) {
    List<LabeledText> out = new ArrayList<>();
    for (int i = 0; i < labelThenTexts.length; i += 2) {
      for (Object text : (List<?>) labelThenTexts[i + 1]) {
        out.add(new LabeledText((String) labelThenTexts[i], (String) text));
      }
    }
    return out;
  }
}
