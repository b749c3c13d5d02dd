/**
 * Reading a knowledge base for indexing: {@link dev.clir.corpus.DocumentSources#open(java.nio.file.Path,
 * dev.clir.corpus.FieldMapping, dev.clir.corpus.Format)} gives a {@link dev.clir.corpus.DocumentSource} of
 * {@link dev.clir.corpus.SourceRecord}s, each a document or a failure with its {@link dev.clir.corpus.Origin}.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>Input is strict UTF-8 (a leading byte order mark is dropped); invalid bytes fail the record on their line.
 *   <li>JSON Lines: one object per line; unknown keys ignored; {@code meta} is an object of scalars.
 *   <li>CSV (RFC 4180) and TSV (no quoting) need a header row; every column not mapped to id, title, text, url or
 *       lang becomes a metadata key named after its header, empty cells omitted.
 *   <li>Directory trees: {@code .txt}, {@code .md}, {@code .html}, {@code .htm}; hidden names skipped; sorted by
 *       relative path, which is the id.
 *   <li>Per-record problems are {@link dev.clir.corpus.SourceRecord.Failed} so callers choose to stop or skip;
 *       problems that end reading throw {@link dev.clir.corpus.InputFormatException}. Empty text is not a
 *       failure ({@link dev.clir.corpus.SourceRecord.Parsed#hasEmptyText()}); duplicate ids are the caller's
 *       concern.
 * </ul>
 */
package dev.clir.corpus;
