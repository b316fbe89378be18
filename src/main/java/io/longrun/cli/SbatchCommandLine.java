package io.longrun.cli;

import io.longrun.cli.SbatchOptionShapes.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sbatch_longrun [wrapper options] [sbatch options] script [script arguments]}, read as the old
 * {@code sbatch_longrun} and sbatch read it: the wrapper's own options ({@code --max-restarts N},
 * {@code --detached}, {@code --use-verbosity LEVEL}, {@code --token-file F}) anywhere before the script; every
 * other word before the script goes to sbatch unchanged, in order; the first word that is not an option (nor
 * an option's value) is the script, and what follows it is the script's arguments, as with sbatch — wrapper
 * options there included.
 *
 * @param script     the script's path as given; null when sbatch would read the script from stdin
 * @param sbatchArgs the words for sbatch, exactly as given
 */
record SbatchCommandLine(int maxRestarts, boolean detached, Verbosity verbosity, String tokenFile, boolean help,
                         List<String> sbatchArgs, String script, List<String> scriptArgs) {

    static final int DEFAULT_MAX_RESTARTS = 999;

    SbatchCommandLine {
        sbatchArgs = List.copyOf(sbatchArgs);
        scriptArgs = List.copyOf(scriptArgs);
    }

    static SbatchCommandLine parse(List<String> words) {
        int maxRestarts = DEFAULT_MAX_RESTARTS;
        boolean detached = false;
        boolean help = false;
        Verbosity verbosity = Verbosity.DEFAULT;
        String tokenFile = null;
        List<String> sbatch = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String word = words.get(i);
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            String inline = word.contains("=") ? word.substring(word.indexOf('=') + 1) : null;
            switch (name) {
                case "--max-restarts" -> {
                    String value = inline != null ? inline : valueAfter(words, i++, name);
                    maxRestarts = parseRestarts(value);
                }
                case "--use-verbosity" -> {
                    String value = inline != null ? inline : valueAfter(words, i++, name);
                    verbosity = Verbosity.parse(value);
                }
                case "--token-file" -> tokenFile = inline != null ? inline : valueAfter(words, i++, name);
                case "--detached" -> detached = flag(name, inline);
                case "--no-detached" -> detached = !flag(name, inline);
                case "--help", "-h" -> help = flag(name, inline);
                default -> {
                    if (word.equals("--")) {
                        sbatch.add(word);
                        i++;
                        return done(maxRestarts, detached, verbosity, tokenFile, help, sbatch, words, i);
                    }
                    if (word.startsWith("--")) {
                        sbatch.add(word);
                        if (inline == null && SbatchOptionShapes.longShape(word.substring(2)) == Shape.REQUIRED
                                && i + 1 < words.size()) {
                            sbatch.add(words.get(++i));
                        }
                    } else if (word.startsWith("-") && word.length() > 1) {
                        sbatch.add(word);
                        if (shortClusterTakesNextWord(word) && i + 1 < words.size()) {
                            sbatch.add(words.get(++i));
                        }
                    } else {
                        return done(maxRestarts, detached, verbosity, tokenFile, help, sbatch, words, i);
                    }
                }
            }
            i++;
        }
        return new SbatchCommandLine(maxRestarts, detached, verbosity, tokenFile, help, sbatch, null, List.of());
    }

    private static SbatchCommandLine done(int maxRestarts, boolean detached, Verbosity verbosity, String tokenFile,
                                          boolean help, List<String> sbatch, List<String> words, int scriptIndex) {
        if (scriptIndex >= words.size()) {
            return new SbatchCommandLine(maxRestarts, detached, verbosity, tokenFile, help, sbatch, null, List.of());
        }
        return new SbatchCommandLine(maxRestarts, detached, verbosity, tokenFile, help, sbatch,
                words.get(scriptIndex), words.subList(scriptIndex + 1, words.size()));
    }

    /** Whether the sbatch options name the job ({@code -J x}, {@code -Jx}, {@code --job-name=x}, {@code --job x}). */
    boolean namesJob() {
        for (int i = 0; i < sbatchArgs.size(); i++) {
            String word = sbatchArgs.get(i);
            if (word.equals("--")) {
                return false;
            }
            if (word.startsWith("--")) {
                String name = word.contains("=") ? word.substring(2, word.indexOf('=')) : word.substring(2);
                if (SbatchOptionShapes.resolveLong(name).filter("job-name"::equals).isPresent()) {
                    return true;
                }
                if (!word.contains("=") && SbatchOptionShapes.longShape(name) == Shape.REQUIRED) {
                    i++;
                }
            } else if (word.startsWith("-") && word.length() > 1) {
                for (int j = 1; j < word.length(); j++) {
                    char c = word.charAt(j);
                    if (c == 'J') {
                        return true;
                    }
                    if (SbatchOptionShapes.shortShape(c) != Shape.NONE) {
                        break;
                    }
                }
                if (shortClusterTakesNextWord(word)) {
                    i++;
                }
            }
        }
        return false;
    }

    /** {@code -J name} takes the next word; {@code -Jname}, {@code -H} and {@code -Hv} do not. */
    private static boolean shortClusterTakesNextWord(String word) {
        for (int j = 1; j < word.length(); j++) {
            Shape shape = SbatchOptionShapes.shortShape(word.charAt(j));
            if (shape == Shape.OPTIONAL) {
                return false;
            }
            if (shape == Shape.REQUIRED) {
                return j == word.length() - 1;
            }
        }
        return false;
    }

    private static String valueAfter(List<String> words, int index, String name) {
        if (index + 1 >= words.size()) {
            throw new UsageException(name + " requires a value");
        }
        return words.get(index + 1);
    }

    private static boolean flag(String name, String inline) {
        if (inline != null) {
            throw new UsageException(name + " takes no value");
        }
        return true;
    }

    private static int parseRestarts(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0 || n > 100_000) {
                throw new UsageException("--max-restarts must be between 0 and 100000, not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--max-restarts takes a number, not '" + value + "'");
        }
    }

    /** The logging levels of the old tool: DEFAULT shows INFO and up, VERBOSE adds DEBUG, SILENT only WARNING and up. */
    enum Verbosity {
        DEFAULT(Level.INFO), VERBOSE(Level.DEBUG), SILENT(Level.WARNING);

        final Level threshold;

        Verbosity(Level threshold) {
            this.threshold = threshold;
        }

        static Verbosity parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--use-verbosity takes DEFAULT, VERBOSE or SILENT, not '" + value + "'");
            }
        }
    }
}
