package io.longrun.domain.sbatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code #SBATCH} words out of a script the way sbatch does (src/sbatch/opt.c
 * {@code _opt_batch_script} and {@code get_argument}):
 * <ul>
 *   <li>Only the leading block counts: reading stops at the first line that is neither blank nor a
 *       comment (first non-blank character {@code #}). The {@code #!} line is such a comment.</li>
 *   <li>A directive line starts with {@code #SBATCH} in column 1 (indented ones are plain comments), or
 *       with the old {@code #SLURM}. The words may follow without a space ({@code #SBATCH--time=5}
 *       works), and any other text glued on ({@code #SBATCHX}) becomes a word and so an error.</li>
 *   <li>Words are split at blanks; single or double quotes group (and are removed); a backslash takes the
 *       next character literally, even inside quotes; an unquoted {@code #} ends the line, also in the
 *       middle of a word ({@code --job-name=a#b} is {@code a}).</li>
 *   <li>An empty quoted word ({@code ""}) ends the line's words: sbatch's get_argument returns "no more
 *       arguments" for it.</li>
 * </ul>
 */
final class DirectiveReader {

    /** A word of a directive, with its 1-based script line (0 for words from the args). */
    record Word(String text, int line) {
    }

    private DirectiveReader() {
    }

    /** Checks what sbatch checks before reading a script (src/sbatch/sbatch.c _get_script_buffer). */
    static void checkScript(String script) {
        if (script == null || script.isEmpty()) {
            throw new InvalidSbatchScriptException("the batch script is empty");
        }
        if (script.chars().allMatch(DirectiveReader::isCSpace)) {
            throw new InvalidSbatchScriptException("the batch script contains only whitespace");
        }
        if (!script.startsWith("#!")) {
            throw new InvalidSbatchScriptException("the batch script must start with a #! line naming its"
                    + " interpreter, e.g. #!/bin/bash");
        }
        if (script.indexOf('\0') >= 0) {
            throw new InvalidSbatchScriptException("the batch script contains a NUL character");
        }
        int dos = script.indexOf("\r\n");
        if (dos >= 0) {
            throw new InvalidSbatchScriptException("script has DOS line breaks (\\r\\n) instead of UNIX line"
                    + " breaks (\\n); sbatch refuses it, convert it with dos2unix", lineOf(script, dos));
        }
    }

    static List<Word> read(String script) {
        checkScript(script);
        List<Word> words = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNumber = i + 1;
            String rest;
            if (line.startsWith("#SBATCH")) {
                rest = line.substring("#SBATCH".length());
            } else if (line.startsWith("#SLURM")) {
                rest = line.substring("#SLURM".length());
            } else if (isCommand(line)) {
                break;
            } else {
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("hetjob") || lower.contains("packjob")) {
                // sbatch splits the script into heterogeneous components at any directive containing
                // these words (case-insensitively, anywhere in the line).
                throw new InvalidSbatchScriptException("heterogeneous jobs (#SBATCH hetjob) are not supported",
                        lineNumber);
            }
            splitWords(rest, lineNumber, words);
        }
        return words;
    }

    private static boolean isCommand(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (isCSpace(c)) {
                continue;
            }
            return c != '#';
        }
        return false;
    }

    private static void splitWords(String text, int lineNumber, List<Word> words) {
        int pos = 0;
        while (true) {
            while (pos < text.length() && isCSpace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                return;
            }
            StringBuilder word = new StringBuilder();
            boolean copied = false;
            boolean escape = false;
            boolean quoted = false;
            char quote = 0;
            while (pos < text.length() && (quoted || !isCSpace(text.charAt(pos)))) {
                char c = text.charAt(pos);
                if (escape) {
                    escape = false;
                } else if (c == '\\') {
                    escape = true;
                    pos++;
                    continue;
                } else if (quoted) {
                    if (c == quote) {
                        quoted = false;
                        pos++;
                        continue;
                    }
                } else if (c == '"' || c == '\'') {
                    quoted = true;
                    quote = c;
                    pos++;
                    continue;
                } else if (c == '#') {
                    break; // the rest of the line is a comment
                }
                word.append(c);
                copied = true;
                pos++;
            }
            if (quoted) {
                throw new InvalidSbatchScriptException("unmatched " + quote + " in #SBATCH directive", lineNumber);
            }
            if (!copied) {
                return; // a comment, or a word that was only quotes: sbatch stops reading the line here
            }
            words.add(new Word(word.toString(), lineNumber));
        }
    }

    /** C's isspace in the "C" locale. */
    static boolean isCSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    private static int lineOf(String script, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (script.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
