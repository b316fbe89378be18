package io.longrun.domain.sbatch;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code --signal=[{R|B}:]<sig_num>[@sig_time]}: send a signal some seconds before the time limit.
 *
 * @param signal       the signal name without {@code SIG} ({@code "USR1"}), or a number as written
 *                     without leading zeros ({@code "10"})
 * @param delaySeconds seconds before the time limit, 0..65535 (sbatch's default is 60)
 * @param batchOnly    {@code B:} signal only the batch shell
 * @param reservation  {@code R:} also signal when the reservation ends
 */
public record SignalSpec(String signal, int delaySeconds, boolean batchOnly, boolean reservation) {
    /** sbatch's default when {@code @time} is left out. */
    public static final int DEFAULT_DELAY_SECONDS = 60;

    /**
     * The names sbatch's {@code sig_name2num} knows (src/common/proc_args.c). Names outside this list
     * (SIGPWR, SIGWINCH, ...) are refused by sbatch, so they are refused here too; use the number.
     */
    static final List<String> SBATCH_SIGNAL_NAMES = List.of("HUP", "INT", "QUIT", "ABRT", "KILL", "ALRM",
            "TERM", "USR1", "USR2", "URG", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "XCPU");

    /** Linux has signals 1..64 (64 = SIGRTMAX); sbatch itself takes any 1..65535. */
    static final int MAX_SIGNAL_NUMBER = 64;

    public SignalSpec {
        Objects.requireNonNull(signal, "signal");
        if (delaySeconds < 0 || delaySeconds > 0xffff) {
            throw new IllegalArgumentException("signal delay must be 0..65535 seconds");
        }
    }

    /** The same as {@link #signal()}, named as in the sbatch man page. */
    public String signalName() {
        return signal;
    }

    /**
     * Reads the value as sbatch's {@code get_signal_opts} does: a leading {@code R} and/or {@code B}
     * (either case, in either order) sets the flags and the {@code :} after them is optional, so
     * {@code BUSR1} is {@code B:USR1}.
     *
     * @throws IllegalArgumentException with the reason, when the value is not valid
     */
    public static SignalSpec parse(String value) {
        String rest = value;
        boolean reservation = false;
        boolean batch = false;
        if (startsWithIgnoreCase(rest, "R")) {
            reservation = true;
            rest = rest.substring(1);
        }
        if (startsWithIgnoreCase(rest, "B")) {
            batch = true;
            rest = rest.substring(1);
        }
        if (startsWithIgnoreCase(rest, "R")) { // sbatch checks R again after B, so BR: works
            reservation = true;
            rest = rest.substring(1);
        }
        if (rest.startsWith(":")) {
            rest = rest.substring(1);
        }
        int at = rest.indexOf('@');
        String name = at < 0 ? rest : rest.substring(0, at);
        String signal = signalName(name);
        int delay = DEFAULT_DELAY_SECONDS;
        if (at >= 0) {
            String time = rest.substring(at + 1);
            // sbatch's strtol would read "" as 0; an empty delay is more likely a mistake.
            if (time.isEmpty() || !time.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("the delay after @ must be a number of seconds, not '"
                        + time + "'");
            }
            if (time.length() > 5 || Integer.parseInt(time) > 0xffff) {
                throw new IllegalArgumentException("the delay after @ must be 0..65535 seconds");
            }
            delay = Integer.parseInt(time);
        }
        return new SignalSpec(signal, delay, batch, reservation);
    }

    private static String signalName(String written) {
        String name = written.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no signal given");
        }
        if (Character.isDigit(name.charAt(0))) {
            if (!name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + written + "' is not a signal number");
            }
            String digits = name.replaceFirst("^0+(?=.)", "");
            if (digits.length() > 3 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > MAX_SIGNAL_NUMBER) {
                throw new IllegalArgumentException("signal number " + name + " is not a Linux signal (1.."
                        + MAX_SIGNAL_NUMBER + ")");
            }
            return digits;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        if (!SBATCH_SIGNAL_NAMES.contains(bare)) {
            throw new IllegalArgumentException("unknown signal '" + written + "'; sbatch knows "
                    + String.join(", ", SBATCH_SIGNAL_NAMES) + " (with or without SIG) or a number");
        }
        return bare;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /** The form sbatch reads back, e.g. {@code RB:USR1@90}. */
    public String toSlurmString() {
        String flags = (reservation ? "R" : "") + (batchOnly ? "B" : "");
        return (flags.isEmpty() ? "" : flags + ":") + signal + "@" + delaySeconds;
    }
}
