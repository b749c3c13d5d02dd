package dev.clir.model;

/** The hub cannot be reached at all (no network, refused, unknown host), as opposed to a failed transfer. */
public final class HubUnreachableException extends ModelLoadException {
  private static final long serialVersionUID = 1L;

  /** A short reason for messages, e.g. {@code cannot connect to https://huggingface.co (Connection refused)}. */
  private final String reason;

  public HubUnreachableException(String reason, Throwable cause) {
    super(reason + ". Check the network (or a proxy, or HF_ENDPOINT for a mirror) and try again.", cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
