package io.longrun.domain.sbatch;

import java.util.EnumSet;
import java.util.Set;

/** The events of {@code --mail-type}. {@code NONE} is the empty set; {@code ALL} is {@link #ALL}. */
public enum MailType {
    BEGIN, END, FAIL, REQUEUE, INVALID_DEPEND, STAGE_OUT,
    TIME_LIMIT, TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS;

    /** What Slurm's {@code ALL} means: not the time limit warnings and not ARRAY_TASKS. */
    public static final Set<MailType> ALL =
            Set.copyOf(EnumSet.of(BEGIN, END, FAIL, REQUEUE, INVALID_DEPEND, STAGE_OUT));
}
