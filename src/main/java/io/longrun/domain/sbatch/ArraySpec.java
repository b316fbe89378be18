package io.longrun.domain.sbatch;

import java.util.Objects;

/**
 * {@code --array}, kept as written ({@code 0-15:4%2}) so the caller can decide what to do with it; the
 * parser only checks the basic syntax.
 */
public record ArraySpec(String raw) {
    public ArraySpec {
        Objects.requireNonNull(raw, "raw");
    }
}
