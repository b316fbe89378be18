package io.longrun.domain.sbatch;

/** {@code --open-mode}: how the output and error files are opened. */
public enum OpenMode {
    APPEND, TRUNCATE;

    String slurmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
