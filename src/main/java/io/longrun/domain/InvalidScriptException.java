package io.longrun.domain;

/** The script is not something sbatch would accept as a batch script. */
public class InvalidScriptException extends RuntimeException {
    public InvalidScriptException(String message) {
        super(message);
    }
}
