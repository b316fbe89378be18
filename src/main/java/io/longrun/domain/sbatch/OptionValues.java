package io.longrun.domain.sbatch;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one option's written value into its typed value, following the matching set function in
 * src/common/slurm_opt.c. Throws {@link IllegalArgumentException} with the reason; the parser adds
 * which option it was.
 */
final class OptionValues {
    static final long MAX_PRIORITY = 4294967293L; // NO_VAL - 1, which is also what "TOP" means
    static final int MAX_NICE = 2147483645;       // NICE_OFFSET - 3

    private static final Pattern DEPENDENCY_TYPE = Pattern.compile(
            "(?i)after|afterany|afterburstbuffer|aftercorr|afternotok|afterok");
    private static final Pattern DEPENDENCY_JOB = Pattern.compile("[0-9]+(_[0-9]+)?(\\+[0-9]+)?");
    private static final Pattern ARRAY = Pattern.compile(
            "[0-9]+(-[0-9]+(:[0-9]+)?)?(,[0-9]+(-[0-9]+(:[0-9]+)?)?)*(%[0-9]+)?");

    private OptionValues() {
    }

    /** What kind of value the option takes, for messages: "invalid time limit 'x' for --time". */
    static String describe(SbatchOption option) {
        switch (option) {
            case TIME:
            case TIME_MIN:
                return "time limit";
            case MEM:
            case MEM_PER_CPU:
            case MEM_PER_GPU:
            case TMP:
                return "size";
            case NODES:
                return "node count";
            case NTASKS:
            case NTASKS_PER_NODE:
            case CPUS_PER_TASK:
            case NICE:
            case PRIORITY:
                return "number";
            case SIGNAL:
                return "signal specification";
            case BEGIN:
            case DEADLINE:
                return "time";
            case EXPORT:
                return "export specification";
            case MAIL_TYPE:
                return "mail type";
            case DEPENDENCY:
                return "dependency";
            case ARRAY:
                return "array specification";
            default:
                return "value";
        }
    }

    /**
     * @param value the written value; null only for options with an optional value given without one
     */
    static Object parse(SbatchOption option, String value, ParseContext context) {
        switch (option) {
            case JOB_NAME:
            case PARTITION:
            case ACCOUNT:
            case QOS:
            case RESERVATION:
            case WCKEY:
                return name(value);
            case TIME:
            case TIME_MIN:
                return SlurmTime.parseTimeLimit(value);
            case NODES:
                return nodes(value);
            case NTASKS:
            case NTASKS_PER_NODE:
            case CPUS_PER_TASK:
                return positiveInt(value);
            case MEM:
            case MEM_PER_CPU:
            case MEM_PER_GPU:
            case TMP:
                return SlurmSize.parseMebibytes(value);
            case GRES:
                if (value.equalsIgnoreCase("help") || value.equalsIgnoreCase("list")) {
                    throw new IllegalArgumentException("'" + value + "' only prints sbatch's GRES help");
                }
                return text(value);
            case GPUS:
            case GPUS_PER_NODE:
            case CONSTRAINT:
            case NODELIST:
            case EXCLUDE:
            case LICENSES:
            case MAIL_USER:
                return text(value);
            case COMMENT:
                return oneLine(value);
            case EXCLUSIVE:
                return exclusive(value);
            case CHDIR:
                return path(value);
            case OUTPUT:
            case ERROR:
            case INPUT:
                // sbatch's arg_set_ofname/efname/ifname: "none" in any case means /dev/null
                return value.equalsIgnoreCase("none") ? "/dev/null" : path(value);
            case OPEN_MODE:
                return openMode(value);
            case SIGNAL:
                return SignalSpec.parse(value);
            case REQUEUE:
                return Boolean.TRUE;
            case NO_REQUEUE:
                return Boolean.FALSE;
            case EXPORT:
                return ExportSpec.parse(value);
            case MAIL_TYPE:
                return mailTypes(value);
            case DEPENDENCY:
                return dependency(value);
            case KILL_ON_INVALID_DEP:
                return yesNo(value);
            case BEGIN:
            case DEADLINE:
                return moment(value, context);
            case HOLD:
                return Boolean.TRUE;
            case NICE:
                return nice(value);
            case PRIORITY:
                return priority(value);
            case ARRAY:
                return array(value);
            default:
                throw new IllegalStateException("no parser for " + option);
        }
    }

    /** Names (job name, partition, account, ...): one line of printable text. */
    static String name(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(value.charAt(i) == '\n' || value.charAt(i) == '\r'
                        ? "newlines are not allowed" : "control characters are not allowed");
            }
        }
        return value;
    }

    static String path(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return oneLine(value);
    }

    static String text(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return oneLine(value);
    }

    private static String oneLine(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL characters are not allowed");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("newlines are not allowed");
        }
        return value;
    }

    static int positiveInt(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("expected a whole number of at least 1");
        }
        if (value.length() > 10 || Long.parseLong(value) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too large");
        }
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException("expected a whole number of at least 1");
        }
        return n;
    }

    /**
     * {@code verify_node_count}: {@code N} or {@code MIN-MAX}, each with an optional k (x1024) or
     * m (x1048576) suffix as in Slurm. A missing minimum ({@code -4}) is 1, as in Slurm. Stricter: a
     * maximum of 0 ({@code 2-0}, "no maximum" to Slurm) and node count lists ({@code 1,2,4}) are refused.
     */
    static NodeRange nodes(String value) {
        if (value.indexOf(',') >= 0 || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("node count lists are not supported; use N or MIN-MAX");
        }
        int dash = value.indexOf('-');
        if (dash < 0) {
            return NodeRange.exactly(nodeCount(value, false));
        }
        int min = nodeCount(value.substring(0, dash), true);
        int max = nodeCount(value.substring(dash + 1), false);
        if (max < min) {
            throw new IllegalArgumentException("maximum node count " + max + " is less than minimum " + min);
        }
        return new NodeRange(min, max);
    }

    private static int nodeCount(String text, boolean missingIsOne) {
        if (text.isEmpty() && missingIsOne) {
            return 1;
        }
        int end = 0;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("expected N or MIN-MAX");
        }
        if (end > 10) {
            throw new IllegalArgumentException("too large");
        }
        long count = Long.parseLong(text.substring(0, end));
        String suffix = text.substring(end);
        if (suffix.equalsIgnoreCase("k")) {
            count *= 1024;
        } else if (suffix.equalsIgnoreCase("m")) {
            count *= 1024 * 1024;
        } else if (!suffix.isEmpty()) {
            throw new IllegalArgumentException("expected N or MIN-MAX");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too large");
        }
        return (int) count;
    }

    static ExclusiveMode exclusive(String value) {
        if (value == null || value.equalsIgnoreCase("exclusive")) {
            return ExclusiveMode.EXCLUSIVE;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "user":
                return ExclusiveMode.USER;
            case "mcs":
                return ExclusiveMode.MCS;
            case "topo":
                return ExclusiveMode.TOPO;
            default:
                // sbatch also takes "oversubscribe" here, meaning --oversubscribe, which Longrun does not support
                throw new IllegalArgumentException("expected --exclusive, --exclusive=user, --exclusive=mcs"
                        + " or --exclusive=topo");
        }
    }

    /** sbatch looks at the first letter only: "a..." is append, "t..." truncate. */
    static OpenMode openMode(String value) {
        if (!value.isEmpty() && (value.charAt(0) == 'a' || value.charAt(0) == 'A')) {
            return OpenMode.APPEND;
        }
        if (!value.isEmpty() && (value.charAt(0) == 't' || value.charAt(0) == 'T')) {
            return OpenMode.TRUNCATE;
        }
        throw new IllegalArgumentException("expected append or truncate");
    }

    /**
     * {@code parse_mail_type}: a comma list; NONE stops the list (what follows it is ignored, as in
     * Slurm) and adds nothing. Stricter than Slurm, which silently drops unknown words when at least one
     * word is known: every word must be a mail type.
     */
    static Set<MailType> mailTypes(String value) {
        EnumSet<MailType> types = EnumSet.noneOf(MailType.class);
        boolean none = false;
        for (String word : value.split(",")) {
            if (word.isEmpty()) {
                continue;
            }
            String upper = word.toUpperCase(Locale.ROOT);
            if (upper.equals("NONE")) {
                none = true;
                break;
            }
            if (upper.equals("ALL")) {
                types.addAll(MailType.ALL);
                continue;
            }
            try {
                types.add(MailType.valueOf(upper));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("unknown mail type '" + word + "'; expected NONE, ALL, "
                        + String.join(", ", EnumSet.allOf(MailType.class).stream().map(Enum::name).toList()));
            }
        }
        if (types.isEmpty() && !none) {
            throw new IllegalArgumentException("no mail type given");
        }
        return Set.copyOf(types);
    }

    /**
     * The dependency is passed on as written; only its shape is checked: {@code singleton}, or
     * {@code type:job[:job...]} with type after, afterany, afterburstbuffer, aftercorr, afternotok or
     * afterok and job {@code ID}, {@code ID_TASK}, optionally {@code +minutes}; or a bare job id (Slurm's
     * old form, meaning afterany). Items are separated by all ',' (all must hold) or all '?' (any).
     */
    static String dependency(String value) {
        text(value);
        boolean comma = value.indexOf(',') >= 0;
        boolean question = value.indexOf('?') >= 0;
        if (comma && question) {
            throw new IllegalArgumentException("use either ',' (all) or '?' (any) between dependencies, not both");
        }
        for (String item : value.split(question ? "\\?" : ",", -1)) {
            if (item.equalsIgnoreCase("singleton") || DEPENDENCY_JOB.matcher(item).matches()) {
                continue;
            }
            String[] parts = item.split(":", -1);
            if (parts.length < 2 || !DEPENDENCY_TYPE.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("'" + item + "' is not type:jobid[:jobid...] with type after,"
                        + " afterany, afterburstbuffer, aftercorr, afternotok or afterok, nor singleton");
            }
            for (int i = 1; i < parts.length; i++) {
                if (!DEPENDENCY_JOB.matcher(parts[i]).matches()) {
                    throw new IllegalArgumentException("'" + parts[i] + "' in '" + item + "' is not a job id");
                }
            }
        }
        return value;
    }

    static Boolean yesNo(String value) {
        if (value.equalsIgnoreCase("yes")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("no")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected yes or no");
    }

    static Instant moment(String value, ParseContext context) {
        return SlurmTime.parseMoment(value, context.clock(), context.zone());
    }

    /** {@code --nice} alone is 100, as in sbatch; the range is sbatch's +/-(NICE_OFFSET - 3). */
    static Integer nice(String value) {
        if (value == null) {
            return 100;
        }
        if (!value.matches("[+-]?[0-9]{1,10}")) {
            throw new IllegalArgumentException("expected a whole number");
        }
        long nice = Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
        if (Math.abs(nice) > MAX_NICE) {
            throw new IllegalArgumentException("out of range (+/-" + MAX_NICE + ")");
        }
        return (int) nice;
    }

    /** {@code TOP} is Slurm's NO_VAL - 1, the highest priority; numbers go up to that too. */
    static Long priority(String value) {
        if (value.equalsIgnoreCase("TOP")) {
            return MAX_PRIORITY;
        }
        if (!value.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("expected TOP or a whole number of at least 0");
        }
        long priority = Long.parseLong(value);
        if (priority > MAX_PRIORITY) {
            throw new IllegalArgumentException("must be less than 4294967294");
        }
        return priority;
    }

    /** Only the shape is checked: {@code N}, {@code N-M}, {@code N-M:S}, comma separated, then {@code %MAX}. */
    static ArraySpec array(String value) {
        if (!ARRAY.matcher(value).matches()) {
            throw new IllegalArgumentException("expected indexes like 0-15, 0,6,16-32, 0-15:4 or 0-15%4");
        }
        return new ArraySpec(value);
    }
}
