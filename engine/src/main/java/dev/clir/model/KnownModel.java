package dev.clir.model;

/**
 * What clir knows about a published model that its files may not say. e5 models, for example, ship no
 * prompts in their sentence-transformers config, yet are trained with {@code "query: "} and
 * {@code "passage: "} prefixes.
 */
public record KnownModel(String id, String queryPrefix, String passagePrefix, Pooling pooling, boolean normalize, int maxSeqLength, int dimension) {}
