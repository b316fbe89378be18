package io.longrun.domain.sbatch;

/** {@code --exclusive[=user|mcs|topo]}; plain {@code --exclusive} is {@link #EXCLUSIVE}. */
public enum ExclusiveMode {
    EXCLUSIVE, USER, MCS, TOPO
}
