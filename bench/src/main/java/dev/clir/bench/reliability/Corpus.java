package dev.clir.bench.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clir.corpus.SourceDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic documents for fault and load runs: help-centre-like titles and bodies from a small vocabulary
 * (with accents, Thai and emoji, so that UTF-8 travels too), 1 to 4 passages each with {@link HashingEmbedder}.
 */
public final class Corpus {
  private static final String[] WORDS = ("account password reset phone router billing invoice refund sign in "
      + "two-step verification recovery code email address device wifi firmware update printer driver error "
      + "subscription plan cancel upgrade payment card expired backup restore sync calendar contact café "
      + "naïve résumé สวัสดี habari 🙂 network cable restart settings profile language").split(" ");

  private Corpus() {}

  /** {@code count} documents {@code doc-00000}, ... made from {@code seed}. */
  public static List<SourceDocument> documents(long seed, int count) {
    Random random = new Random(seed);
    List<SourceDocument> docs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String title = words(random, 2 + random.nextInt(4));
      String text = words(random, 8 + random.nextInt(150)) + ".";
      Map<String, String> meta = Map.of("category", WORDS[random.nextInt(8)]);
      docs.add(new SourceDocument(String.format("doc-%05d", i), title, text, null, "en", meta));
    }
    return docs;
  }

  private static String words(Random random, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(random.nextInt(12) == 0 ? ". " : " ");
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /** Writes {@code docs} as the JSON Lines clir-index reads. */
  public static Path writeJsonLines(List<SourceDocument> docs, Path file) {
    ObjectMapper json = new ObjectMapper();
    StringBuilder sb = new StringBuilder();
    try {
      for (SourceDocument d : docs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("title", d.title());
        m.put("text", d.text());
        m.put("lang", d.lang());
        m.put("meta", d.meta());
        sb.append(json.writeValueAsString(m)).append('\n');
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
