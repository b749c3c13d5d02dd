package dev.clir.corpus;

import java.util.Objects;

/**
 * Input that cannot be read as asked. Unchecked because it is raised from iterators; the message always starts
 * with the {@linkplain Origin origin} ({@code file:line: }) and then says what is wrong.
 */
public class InputFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Origin origin;
  private final String problem;

  public InputFormatException(Origin origin, String problem) {
    this(origin, problem, null);
  }

  public InputFormatException(Origin origin, String problem, Throwable cause) {
    super(Objects.requireNonNull(origin, "origin") + ": " + Objects.requireNonNull(problem, "problem"), cause);
    this.origin = origin;
    this.problem = problem;
  }

  public Origin origin() {
    return origin;
  }

  /** The message without the origin prefix. */
  public String problem() {
    return problem;
  }
}
