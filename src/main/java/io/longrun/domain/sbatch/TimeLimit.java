package io.longrun.domain.sbatch;

/**
 * A job time limit as Slurm stores it: whole minutes, or unlimited.
 *
 * @param unlimited no limit ({@code UNLIMITED}, {@code INFINITE}, {@code -1}, and also {@code 0}: Slurm
 *                  turns a zero limit into "infinite")
 * @param minutes   the limit in minutes, at least 1; 0 when unlimited
 */
public record TimeLimit(boolean unlimited, long minutes) {
    public static final TimeLimit UNLIMITED = new TimeLimit(true, 0);

    public TimeLimit {
        if (unlimited && minutes != 0) {
            throw new IllegalArgumentException("an unlimited time limit has no minutes");
        }
        if (!unlimited && minutes < 1) {
            throw new IllegalArgumentException("a time limit is at least 1 minute (0 means unlimited)");
        }
    }

    public static TimeLimit ofMinutes(long minutes) {
        return minutes == 0 ? UNLIMITED : new TimeLimit(false, minutes);
    }

    /** The form sbatch reads back: minutes, or {@code UNLIMITED}. */
    public String toSlurmString() {
        return unlimited ? "UNLIMITED" : Long.toString(minutes);
    }
}
