/**
 * Cross-lingual intent classification: teams label example utterances in English, messages in any language are
 * routed to an intent or answered with "out of scope", through one multilingual embedding space (the query side of
 * the model, as messages are queries).
 *
 * <ul>
 *   <li>{@link dev.clir.intent.LabeledTextFiles} reads {@code label<TAB>text} TSV or {@code {"label","text"}} JSON
 *       Lines, with {@code file:line} in every error.
 *   <li>{@link dev.clir.intent.IntentModel} trains ({@code train}), classifies ({@code classify}), adapts with a few
 *       target-language examples ({@code withExamples}), and saves and loads itself as one JSON file
 *       ({@link dev.clir.intent.IntentModelFile}) that refuses another embedding model.
 *   <li>Three classifiers ({@link dev.clir.intent.ClassifierKind}): nearest centroid, a k-NN vote over a Lucene HNSW
 *       index of the examples, and logistic regression (LIBLINEAR). Each turns its scores into confidences with a
 *       fitted {@link dev.clir.intent.Calibration} that includes a virtual "none of these" label, so out-of-scope
 *       messages get low confidence instead of the nearest intent's.
 *   <li>The bench's {@code dev.clir.bench.intent.IntentEvaluation} measures them: SIB-200 transfer and few-shot
 *       curves, and abstention on {@code testdata/intents}.
 * </ul>
 *
 * <p>Logistic regression is the default because it won where the measurements disagree least: zero-shot transfer on
 * SIB-200 in every language, with the other classifiers within a message or two on the Nimbra intent set (see
 * {@link dev.clir.intent.IntentSettings}).
 */
package dev.clir.intent;
