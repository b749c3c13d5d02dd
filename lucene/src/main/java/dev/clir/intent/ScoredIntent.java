package dev.clir.intent;

/**
 * A label and the model's confidence in it, in [0, 1]; the confidences of all labels of one prediction sum to 1.
 */
public record ScoredIntent(String label, double confidence) {}
