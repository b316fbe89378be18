package io.longrun.domain.sbatch;

/** Slurm's memory and disk sizes ({@code str_to_mbytes} in src/common/proc_args.c). */
public final class SlurmSize {
    private SlurmSize() {
    }

    /**
     * Reads a size as mebibytes: a whole number with an optional unit {@code K}, {@code M}, {@code G} or
     * {@code T} (either case, optionally followed by {@code B}/{@code b}); no unit means M. Kibibytes round
     * up to whole MiB as Slurm does ({@code 1K} is 1, {@code 1025K} is 2). {@code 0} is valid
     * ({@code --mem=0} asks for all the memory of a node).
     * <p>Stricter than Slurm, whose strtoll also takes leading blanks and a {@code +} sign, and whose
     * G/T multiplication can overflow: here only digits, and the result must fit in a long.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static long parseMebibytes(String value) {
        int end = 0;
        while (end < value.length() && value.charAt(end) >= '0' && value.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("expected a whole number with an optional unit K, M, G or T");
        }
        if (end > 18) {
            throw new IllegalArgumentException("size is too large");
        }
        long number = Long.parseLong(value.substring(0, end));
        String unit = value.substring(end);
        if (unit.length() == 2 && (unit.charAt(1) == 'B' || unit.charAt(1) == 'b')) {
            unit = unit.substring(0, 1);
        }
        try {
            switch (unit) {
                case "":
                case "M":
                case "m":
                    return number;
                case "K":
                case "k":
                    return (number + 1023) / 1024;
                case "G":
                case "g":
                    return Math.multiplyExact(number, 1024L);
                case "T":
                case "t":
                    return Math.multiplyExact(number, 1024L * 1024L);
                default:
                    throw new IllegalArgumentException("unknown unit '" + value.substring(end)
                            + "'; expected K, M, G or T (optionally followed by B)");
            }
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("size is too large");
        }
    }
}
