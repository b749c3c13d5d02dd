package dev.clir.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Hugging Face model id and the revision wanted ({@code intfloat/multilingual-e5-small},
 * {@code main}). Written {@code ID} or {@code ID@REVISION} on command lines.
 *
 * @param id {@code org/name} (or a legacy id without org), as the hub spells it
 * @param revision a branch, tag or 40-digit commit; {@code main} unless pinned
 */
public record ModelRef(String id, String revision) {
  public static final String DEFAULT_REVISION = "main";

  // huggingface_hub's REPO_ID_REGEX, plus its rules against "--", ".." and a ".git" ending.
  private static final Pattern ID = Pattern.compile("(\\b[\\w\\-.]+\\b/)?\\b[\\w\\-.]+\\b");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  public ModelRef {
    Objects.requireNonNull(id, "id");
    if (!isValidId(id)) {
      throw new IllegalArgumentException("'" + id + "' is not a Hugging Face model id (org/name)");
    }
    revision = revision == null || revision.isBlank() ? DEFAULT_REVISION : revision.trim();
    if (revision.contains("..") || revision.startsWith("/") || revision.contains("\\")) {
      throw new IllegalArgumentException("'" + revision + "' is not a revision (branch, tag or commit)");
    }
  }

  /** Parses {@code ID} or {@code ID@REVISION}; a revision in the text wins over {@code defaultRevision}. */
  public static ModelRef parse(String text, String defaultRevision) {
    String s = text.trim();
    int at = s.lastIndexOf('@');
    return at > 0 ? new ModelRef(s.substring(0, at), s.substring(at + 1)) : new ModelRef(s, defaultRevision);
  }

  /** Whether {@code text} (without {@code @REVISION}) reads as a hub id rather than a file path. */
  public static boolean isValidId(String text) {
    return text.length() <= 96 && ID.matcher(text).matches() && !text.contains("--") && !text.contains("..")
        && !text.endsWith(".git");
  }

  /** Whether the revision is a full commit hash (then it never moves, and no ref needs reading). */
  public boolean pinnedToCommit() {
    return COMMIT.matcher(revision).matches();
  }

  /** {@code org--name}: one folder name, the way the Hugging Face cache joins an id. */
  public String folderName() {
    return id.replace("/", "--");
  }

  /** The model's page on the hub at {@code endpoint}, for messages. */
  public String pageUrl(String endpoint) {
    return endpoint + "/" + id;
  }

  /** The key two ids are compared by: the hub treats ids case-insensitively. */
  public static String key(String id) {
    return id.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return DEFAULT_REVISION.equals(revision) ? id : id + "@" + revision;
  }
}
