package dev.clir.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
  @Test
  void etagsAreNormalisedAsHuggingfaceHubDoes() {
    assertThat(Checksums.normalizeEtag("W/\"ABC\"")).isEqualTo("abc");
    assertThat(Checksums.normalizeEtag("\"" + "a".repeat(64) + "\"")).isEqualTo("a".repeat(64));
    assertThat(Checksums.kindOf("a".repeat(64))).isEqualTo(Checksums.Kind.SHA256);
    assertThat(Checksums.kindOf("a".repeat(40))).isEqualTo(Checksums.Kind.GIT_SHA1);
    assertThat(Checksums.kindOf("cdn-123")).isEqualTo(Checksums.Kind.NONE);
    assertThat(HubFileFetcher.encodeSegment("refs/pr/1")).isEqualTo("refs%2Fpr%2F1");
  }
}
