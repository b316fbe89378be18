package io.longrun.domain.sbatch;

import io.longrun.domain.sbatch.DirectiveReader.Word;
import io.longrun.domain.sbatch.OptionTable.Entry;
import io.longrun.domain.sbatch.OptionTable.Match;
import io.longrun.domain.sbatch.SbatchOption.Arg;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads sbatch options as sbatch does: first the script's {@code #SBATCH} directives, then the args
 * (command-line style), with later options overriding earlier ones, so args win over directives.
 *
 * <p>Each of the two is read like sbatch's getopt_long pass over an argv: {@code --opt=value},
 * {@code --opt value} (the next word is the value even if it starts with '-'), {@code -Jname},
 * {@code -J name}, bundled flags ({@code -H}), unambiguous long-option prefixes ({@code --part=debug};
 * {@code --par} is ambiguous in sbatch: --parsable, --partition). Options with an optional value
 * ({@code --exclusive}, {@code --nice}) take it only as {@code --opt=value}. Reading stops at the first
 * word that is not an option; such a word is an error here (sbatch: "Invalid directive found in batch
 * script" for directives; in the args it would be the script name, and Longrun takes no script
 * arguments). A value-taking option at the end of the directives cannot take its value from the args:
 * they are separate passes, as in sbatch.
 *
 * <p>One sbatch quirk is kept: {@code --mail-type} accumulates across all its occurrences (sbatch ORs
 * them), so {@code --mail-type=NONE} in the args does not clear the script's mail types. And one sbatch
 * rule: --mem, --mem-per-cpu and --mem-per-gpu are mutually exclusive even between script and args.
 */
public final class SbatchParser {
    private static final Set<SbatchOption> MEMORY_OPTIONS =
            EnumSet.of(SbatchOption.MEM, SbatchOption.MEM_PER_CPU, SbatchOption.MEM_PER_GPU);

    private final ParseContext context;
    private final Map<SbatchOption, Object> values = new EnumMap<>(SbatchOption.class);

    private SbatchParser(ParseContext context) {
        this.context = context;
    }

    /**
     * @param script the batch script; it must be one sbatch accepts (starts with {@code #!}, UNIX line
     *               breaks, no NUL)
     * @param args   sbatch options only, e.g. {@code ["--time=90", "-p", "debug"]}; they win over the
     *               script's directives
     * @throws InvalidSbatchOptionException for an unknown, ambiguous, unsupported or invalid option, a
     *                                      missing value, or a word that is not an option;
     *                                      {@link InvalidSbatchScriptException} for a script sbatch refuses
     */
    public static SbatchOptions parse(String script, List<String> args, ParseContext context) {
        Objects.requireNonNull(context, "context");
        List<Word> directiveWords = DirectiveReader.read(script);
        SbatchParser parser = new SbatchParser(context);
        parser.readPass(directiveWords, true);
        parser.readPass(argWords(args), false);
        return SbatchOptions.of(parser.values, context.zone());
    }

    /** Only command-line style options, no script: what a CLI adapter or a test needs. */
    public static SbatchOptions parseArgs(List<String> args, ParseContext context) {
        Objects.requireNonNull(context, "context");
        SbatchParser parser = new SbatchParser(context);
        parser.readPass(argWords(args), false);
        return SbatchOptions.of(parser.values, context.zone());
    }

    private static List<Word> argWords(List<String> args) {
        Objects.requireNonNull(args, "args");
        return args.stream().map(arg -> new Word(Objects.requireNonNull(arg, "args element"), 0))
                .collect(Collectors.toList());
    }

    /** One getopt_long pass (sbatch's option string starts with '+': stop at the first non-option). */
    private void readPass(List<Word> words, boolean fromScript) {
        Entry lastOptional = null;
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            String text = word.text();
            if (text.equals("--")) {
                if (i + 1 < words.size()) {
                    throw notAnOption(words.get(i + 1), fromScript, null);
                }
                return;
            }
            if (text.startsWith("--")) {
                int eq = text.indexOf('=');
                String name = eq < 0 ? text.substring(2) : text.substring(2, eq);
                String value = eq < 0 ? null : text.substring(eq + 1);
                String written = "--" + name;
                Entry entry = resolveLong(name, written, word.line());
                if (entry.arg() == Arg.NONE && value != null) {
                    throw new InvalidSbatchOptionException(written,
                            "sbatch option " + written + " does not take a value", word.line());
                }
                if (entry.arg() == Arg.REQUIRED && value == null) {
                    if (i + 1 >= words.size()) {
                        throw missingValue(written, entry, word.line());
                    }
                    value = words.get(++i).text();
                }
                apply(entry, written, value, word.line());
                lastOptional = entry.arg() == Arg.OPTIONAL && value == null ? entry : null;
            } else if (text.startsWith("-") && text.length() > 1) {
                i = readShortOptions(words, i);
                lastOptional = null;
            } else {
                throw notAnOption(word, fromScript, lastOptional);
            }
        }
    }

    /** A cluster of short options, e.g. {@code -H}, {@code -Jname}, {@code -Hp debug}. Returns the last index used. */
    private int readShortOptions(List<Word> words, int index) {
        Word word = words.get(index);
        String text = word.text();
        for (int j = 1; j < text.length(); j++) {
            char c = text.charAt(j);
            String written = "-" + c;
            Entry entry = OptionTable.findShort(c).orElseThrow(() -> new InvalidSbatchOptionException(written,
                    "unknown sbatch option " + written, word.line()));
            if (!entry.isSupported()) {
                throw unsupported(written, entry, word.line());
            }
            String rest = text.substring(j + 1);
            switch (entry.arg()) {
                case NONE:
                    apply(entry, written, null, word.line());
                    continue;
                case OPTIONAL:
                    apply(entry, written, rest.isEmpty() ? null : rest, word.line());
                    return index;
                default:
                    if (!rest.isEmpty()) {
                        apply(entry, written, rest, word.line());
                        return index;
                    }
                    if (index + 1 >= words.size()) {
                        throw missingValue(written, entry, word.line());
                    }
                    apply(entry, written, words.get(index + 1).text(), word.line());
                    return index + 1;
            }
        }
        return index;
    }

    private Entry resolveLong(String name, String written, int line) {
        Match match = OptionTable.findLong(name);
        if (match.entry().isEmpty()) {
            if (match.candidates().isEmpty()) {
                throw new InvalidSbatchOptionException(written, "unknown sbatch option " + written, line);
            }
            throw new InvalidSbatchOptionException(written, "ambiguous sbatch option " + written + ": it could be "
                    + match.candidates().stream().map(c -> "--" + c.longName()).collect(Collectors.joining(", ")),
                    line);
        }
        Entry entry = match.entry().get();
        if (!entry.isSupported()) {
            throw unsupported(written, entry, line);
        }
        return entry;
    }

    private void apply(Entry entry, String written, String writtenValue, int line) {
        SbatchOption option = entry.supported();
        // slurm_process_option: an empty optional value is no value, so --nice= is --nice
        String value = entry.arg() == Arg.OPTIONAL && "".equals(writtenValue) ? null : writtenValue;
        String shown = shownName(written, option);
        Object parsed;
        try {
            parsed = OptionValues.parse(option, value, context);
        } catch (IllegalArgumentException | ArithmeticException invalid) {
            String what = OptionValues.describe(option);
            throw new InvalidSbatchOptionException(written, value == null
                    ? "invalid " + shown + ": " + invalid.getMessage()
                    : "invalid " + what + " '" + value + "' for " + shown + ": " + invalid.getMessage(), line);
        }
        SbatchOption key = option == SbatchOption.NO_REQUEUE ? SbatchOption.REQUEUE : option;
        if (MEMORY_OPTIONS.contains(key)) {
            for (SbatchOption other : MEMORY_OPTIONS) {
                if (other != key && values.containsKey(other)) {
                    throw new InvalidSbatchOptionException(written, "--mem, --mem-per-cpu and --mem-per-gpu are"
                            + " mutually exclusive (sbatch refuses them together, also one in the script and"
                            + " another in the args); " + shown + " given after --" + other.longName(), line);
                }
            }
        }
        if (key == SbatchOption.MAIL_TYPE && values.containsKey(key)) {
            // sbatch ORs every --mail-type into the job's mail type
            @SuppressWarnings("unchecked")
            Set<MailType> before = (Set<MailType>) values.get(key);
            @SuppressWarnings("unchecked")
            Set<MailType> added = (Set<MailType>) parsed;
            EnumSet<MailType> union = EnumSet.noneOf(MailType.class);
            union.addAll(before);
            union.addAll(added);
            parsed = Set.copyOf(union);
        }
        values.put(key, parsed);
    }

    /** "--ti (--time)" when the option was abbreviated or short, else just "--time". */
    private static String shownName(String written, SbatchOption option) {
        String canonical = "--" + option.longName();
        return written.equals(canonical) ? canonical : written + " (" + canonical + ")";
    }

    private static InvalidSbatchOptionException unsupported(String written, Entry entry, int line) {
        String canonical = "--" + entry.longName();
        String shown = written.equals(canonical) ? canonical : written + " (" + canonical + ")";
        return new InvalidSbatchOptionException(written,
                "sbatch option " + shown + " is not supported by Longrun", line);
    }

    private static InvalidSbatchOptionException missingValue(String written, Entry entry, int line) {
        return new InvalidSbatchOptionException(written, "sbatch option " + shownName(written, entry.supported())
                + " requires a value", line);
    }

    private static InvalidSbatchOptionException notAnOption(Word word, boolean fromScript, Entry lastOptional) {
        if (word.text().equals(":")) {
            return new InvalidSbatchOptionException(":", "heterogeneous jobs (components separated by ':') are"
                    + " not supported", word.line());
        }
        String hint = lastOptional == null ? ""
                : "; --" + lastOptional.longName() + " takes a value only as --" + lastOptional.longName()
                        + "=value";
        if (fromScript) {
            return new InvalidSbatchOptionException(word.text(), "invalid directive '" + word.text()
                    + "': #SBATCH lines may hold only options, and sbatch refuses the script at the first word"
                    + " that is not one" + hint, word.line());
        }
        return new InvalidSbatchOptionException(word.text(), "unexpected argument '" + word.text()
                + "': args may hold only sbatch options; the script's own arguments go in scriptArguments" + hint);
    }
}
