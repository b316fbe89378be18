package io.longrun.domain.sbatch;

/**
 * The script itself is something sbatch refuses (DOS line breaks, NUL bytes, no {@code #!} line, an
 * unmatched quote in a directive, a heterogeneous job). A subclass of
 * {@link InvalidSbatchOptionException} so that one catch handles every parse failure; {@link #option()}
 * is empty.
 */
public class InvalidSbatchScriptException extends InvalidSbatchOptionException {
    private static final long serialVersionUID = 1L;

    public InvalidSbatchScriptException(String message) {
        super("", message, 0);
    }

    public InvalidSbatchScriptException(String message, int line) {
        super("", message, line);
    }
}
