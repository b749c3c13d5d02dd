package dev.clir.hub;

import dev.clir.model.ModelResolver;
import dev.clir.model.ModelDownloader;

/** Registers {@link HubDownloader} with the engine's {@link dev.clir.model.ModelResolver} (through ServiceLoader). */
public final class HuggingFaceDownloaders implements ModelDownloader.Provider {
  @Override
  public ModelDownloader create(ModelDownloader.Settings s) {
    return HubDownloader.builder().endpoint(s.endpoint()).token(s.token(), s.tokenSource()).listener(s.listener())
        .environment(s.environment()).cpu(s.cpu()).build();
  }
}
