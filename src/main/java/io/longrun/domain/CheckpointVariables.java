package io.longrun.domain;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes {@code SLURM_LONGRUN_INITIAL_JOB_ID} visible to the first attempt too. Its value is the first
 * job's id, which nobody knows before Slurm accepts the job, so it cannot be in the submitted
 * environment; for shell scripts one line after the directive block sets it from {@code SLURM_JOB_ID}.
 * Later attempts get it in their environment and the line leaves it alone.
 */
public final class CheckpointVariables {
    static final String EXPORT_LINE = "export " + SubmissionPlanner.INITIAL_JOB_ID + "=\"${"
            + SubmissionPlanner.INITIAL_JOB_ID + ":-$SLURM_JOB_ID}\"  # added by Longrun";
    private static final Pattern SHEBANG = Pattern.compile("^#!\\s*(\\S+)(?:\\s+(\\S+))?");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "ksh", "zsh", "mksh", "ash");

    private CheckpointVariables() {
    }

    /** The script with the export line added, or unchanged when its interpreter is not a POSIX-like shell. */
    public static String exportInitialJobId(String script) {
        String[] lines = script.split("\n", -1);
        if (lines.length == 0 || !isShellScript(lines[0])) {
            return script;
        }
        // After the leading comment block, so sbatch still reads every #SBATCH directive.
        int insertAt = 1;
        while (insertAt < lines.length && isCommentOrBlank(lines[insertAt])) {
            insertAt++;
        }
        StringBuilder result = new StringBuilder(script.length() + EXPORT_LINE.length() + 1);
        for (int i = 0; i < lines.length; i++) {
            if (i == insertAt) {
                result.append(EXPORT_LINE).append('\n');
            }
            result.append(lines[i]);
            if (i < lines.length - 1) {
                result.append('\n');
            }
        }
        if (insertAt >= lines.length) {
            result.append(script.endsWith("\n") ? "" : "\n").append(EXPORT_LINE).append('\n');
        }
        return result.toString();
    }

    static boolean isShellScript(String firstLine) {
        Matcher shebang = SHEBANG.matcher(firstLine);
        if (!shebang.find()) {
            return false;
        }
        String interpreter = basename(shebang.group(1));
        if (interpreter.equals("env") && shebang.group(2) != null) {
            interpreter = basename(shebang.group(2));
        }
        return SHELLS.contains(interpreter);
    }

    private static boolean isCommentOrBlank(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
