package dev.clir.bench.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.corpus.SourceDocument;
import dev.clir.embed.TextTokenizer;
import dev.clir.embed.TokenSpans;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic benchmark texts cut from the help-article corpus ({@code testdata/kb.jsonl}): passages of a given token
 * length, the articles' own paragraphs (mixed lengths), and new documents recombined from paragraphs of different
 * articles, all deterministic.
 */
public final class Texts {
  private Texts() {}

  /** The documents of a JSON Lines corpus with {@code id}, {@code title}, {@code text}. */
  public static List<SourceDocument> readJsonl(Path jsonl) {
    ObjectMapper json = new ObjectMapper();
    List<SourceDocument> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(jsonl)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          JsonNode doc = json.readTree(line);
          out.add(SourceDocument.of(doc.path("id").asText(), doc.path("title").asText(), doc.path("text").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jsonl, e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(jsonl + " has no documents");
    }
    return out;
  }

  /** Paragraphs (blank-line separated) of the documents' texts, in corpus order. */
  public static List<String> paragraphs(List<SourceDocument> docs) {
    List<String> out = new ArrayList<>();
    for (SourceDocument d : docs) {
      for (String p : d.text().split("\\n\\s*\\n")) {
        if (!p.isBlank()) {
          out.add(p.strip());
        }
      }
    }
    return out;
  }

  /**
   * Consecutive, non-overlapping windows of {@code contentTokens} tokens of each document's text, each starting at
   * the beginning of a word; at most {@code limit}. With the prefix and special tokens the model sees a few more.
   */
  public static List<String> windows(TextTokenizer tokenizer, List<SourceDocument> docs, int contentTokens, int limit) {
    List<String> out = new ArrayList<>();
    for (SourceDocument d : docs) {
      String text = d.text().replaceAll("\\s+", " ").strip();
      TokenSpans t = tokenizer.tokenize(text);
      int i = 0;
      while (out.size() < limit) {
        while (i < t.size() && !startsWord(text, t.starts()[i])) {
          i++;
        }
        int end = i + contentTokens - 1;
        if (end >= t.size()) {
          break;
        }
        out.add(text.substring(t.starts()[i], t.ends()[end]));
        i = end + 1;
      }
      if (out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  private static boolean startsWord(String text, int offset) {
    return offset == 0 || Character.isWhitespace(text.charAt(offset - 1));
  }

  /** {@code texts} in a deterministic shuffled order (Fisher-Yates with {@code seed}). */
  public static <T> List<T> shuffled(List<T> texts, long seed) {
    List<T> out = new ArrayList<>(texts);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T tmp = out.get(i);
      out.set(i, out.get(j));
      out.set(j, tmp);
    }
    return out;
  }

  /**
   * {@code count} new documents, each the title of one article and {@code minParagraphs..maxParagraphs} paragraphs
   * drawn from articles at random (deterministic in {@code seed}); ids {@code gen-000000}, ... Paragraphs longer than
   * {@code maxParagraphChars} are skipped so that documents stay within a size.
   */
  public static List<SourceDocument> recombined(List<SourceDocument> docs, int count, int minParagraphs, int maxParagraphs,
      int maxParagraphChars, long seed) {
    List<String> paragraphs = new ArrayList<>(paragraphs(docs).stream().filter(p -> p.length() <= maxParagraphChars).toList());
    if (paragraphs.isEmpty()) {
      throw new IllegalArgumentException("no paragraph of at most " + maxParagraphChars + " characters");
    }
    SplittableRandom r = new SplittableRandom(seed);
    List<SourceDocument> out = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      String title = docs.get(r.nextInt(docs.size())).title();
      int parts = minParagraphs + r.nextInt(maxParagraphs - minParagraphs + 1);
      StringBuilder text = new StringBuilder();
      for (int p = 0; p < parts; p++) {
        if (p > 0) {
          text.append("\n\n");
        }
        text.append(paragraphs.get(r.nextInt(paragraphs.size())));
      }
      out.add(SourceDocument.of(String.format("gen-%06d", n), title, text.toString()));
    }
    return out;
  }

  /** Writes documents as JSON Lines ({@code id}, {@code title}, {@code text}), the input format of clir-index. */
  public static void writeJsonl(List<SourceDocument> docs, Path file) {
    ObjectMapper json = new ObjectMapper();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (Writer w = Files.newBufferedWriter(file)) {
        for (SourceDocument d : docs) {
          Map<String, String> record = new LinkedHashMap<>();
          record.put("id", d.id());
          record.put("title", d.title());
          record.put("text", d.text());
          w.write(json.writeValueAsString(record));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
