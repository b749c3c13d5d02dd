package dev.clir.index;

import dev.clir.corpus.SourceDocument;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over everything of a document that ends up in the index (title, text, url, lang, metadata), so that an
 * incremental run can skip a document whose hash is unchanged without embedding it again. Each part is
 * length-prefixed, so moving text between parts changes the hash; metadata is hashed in key order.
 */
public final class ContentHash {
  private ContentHash() {}

  public static String of(SourceDocument doc) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    part(md, doc.title());
    part(md, doc.text());
    part(md, doc.url());
    part(md, doc.lang());
    Map<String, String> meta = new TreeMap<>(doc.meta());
    md.update(ByteBuffer.allocate(4).putInt(meta.size()).array());
    meta.forEach((k, v) -> {
      part(md, k);
      part(md, v);
    });
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  private static void part(MessageDigest md, String s) {
    if (s == null) {
      md.update(ByteBuffer.allocate(4).putInt(-1).array());
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update(ByteBuffer.allocate(4).putInt(b.length).array());
    md.update(b);
  }
}
