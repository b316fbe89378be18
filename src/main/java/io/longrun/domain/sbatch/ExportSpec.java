package io.longrun.domain.sbatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code --export={[ALL,]<variables>|ALL|NONE|NIL}}: which environment the job gets.
 *
 * @param kind       ALL, NONE or NIL alone, or a LIST of variables
 * @param includeAll for a LIST: {@code ALL} was one of the items, so the whole submission environment is
 *                   exported too (sbatch accepts ALL anywhere in the list, not only first)
 * @param values     for a LIST: {@code NAME=value} items, in order
 * @param names      for a LIST: bare {@code NAME} items (export the submitter's value), in order
 */
public record ExportSpec(Kind kind, boolean includeAll, Map<String, String> values, List<String> names) {

    public enum Kind { ALL, NONE, NIL, LIST }

    public static final ExportSpec ALL = new ExportSpec(Kind.ALL, false, Map.of(), List.of());
    public static final ExportSpec NONE = new ExportSpec(Kind.NONE, false, Map.of(), List.of());
    public static final ExportSpec NIL = new ExportSpec(Kind.NIL, false, Map.of(), List.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public ExportSpec {
        Objects.requireNonNull(kind, "kind");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        names = List.copyOf(names);
        if (kind != Kind.LIST && (includeAll || !values.isEmpty() || !names.isEmpty())) {
            throw new IllegalArgumentException(kind + " takes no variables");
        }
        if (kind == Kind.LIST && values.isEmpty() && names.isEmpty()) {
            throw new IllegalArgumentException("an export list needs at least one variable");
        }
    }

    /**
     * Reads the value as sbatch does (src/sbatch/sbatch.c {@code _find_quote_token}): items are split
     * at commas outside single or double quotes, and an item that starts and ends with the same quote
     * is unquoted. Quotes inside an item stay: {@code A="x,y"} gives A the value {@code "x,y"} with the
     * quotes, while {@code "A=x,y"} gives {@code x,y}.
     *
     * <p>Stricter than sbatch: variable names must be shell names, quotes must balance, and NONE/NIL
     * cannot be combined with variables (the man page forbids it; sbatch would look them up as names).
     *
     * @throws IllegalArgumentException with the reason
     */
    public static ExportSpec parse(String value) {
        String trimmed = value;
        if (trimmed.equalsIgnoreCase("ALL")) {
            return ALL;
        }
        if (trimmed.equalsIgnoreCase("NONE")) {
            return NONE;
        }
        if (trimmed.equalsIgnoreCase("NIL")) {
            return NIL;
        }
        boolean includeAll = false;
        Map<String, String> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String item : splitItems(value)) {
            if (item.isEmpty()) {
                continue; // sbatch skips empty items ("A,,B")
            }
            if (item.equalsIgnoreCase("ALL")) {
                includeAll = true;
                continue;
            }
            if (item.equalsIgnoreCase("NONE") || item.equalsIgnoreCase("NIL")) {
                throw new IllegalArgumentException(item.toUpperCase(Locale.ROOT)
                        + " cannot be combined with variables");
            }
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name");
            }
            if (eq < 0) {
                names.add(name);
            } else {
                values.put(name, item.substring(eq + 1));
            }
        }
        if (values.isEmpty() && names.isEmpty()) {
            throw new IllegalArgumentException(includeAll ? "use ALL alone, or ALL followed by variables"
                    : "no variables given");
        }
        return new ExportSpec(Kind.LIST, includeAll, values, names);
    }

    /** sbatch's item split: commas inside quotes do not split; a wholly quoted item loses its quotes. */
    static List<String> splitItems(String value) {
        List<String> items = new ArrayList<>();
        int start = 0;
        boolean inSingle = false;
        boolean inDouble = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : '\0';
            if (i < value.length() && c == '\'') {
                inSingle = !inSingle;
            } else if (i < value.length() && c == '"') {
                inDouble = !inDouble;
            } else if (i == value.length() || (c == ',' && !inSingle && !inDouble)) {
                if (inSingle || inDouble) {
                    throw new IllegalArgumentException("unbalanced quote in '" + value.substring(start) + "'");
                }
                items.add(unquoteWhole(value.substring(start, i)));
                start = i + 1;
            }
        }
        return items;
    }

    private static String unquoteWhole(String item) {
        if (item.length() >= 2) {
            char first = item.charAt(0);
            if ((first == '"' || first == '\'') && item.charAt(item.length() - 1) == first) {
                return item.substring(1, item.length() - 1);
            }
        }
        return item;
    }

    /** The form sbatch reads back; items are quoted only where that is needed to keep them whole. */
    public String toSlurmString() {
        if (kind != Kind.LIST) {
            return kind.name();
        }
        List<String> items = new ArrayList<>();
        if (includeAll) {
            items.add("ALL");
        }
        items.addAll(names);
        values.forEach((name, val) -> items.add(quotedItem(name + "=" + val)));
        return String.join(",", items);
    }

    private static String quotedItem(String item) {
        for (String candidate : List.of(item, '"' + item + '"', "'" + item + "'")) {
            if (readsBackAs(candidate, item)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot render export item " + item + " so that sbatch reads it back");
    }

    private static boolean readsBackAs(String candidate, String item) {
        try {
            List<String> read = splitItems(candidate);
            return read.size() == 1 && read.get(0).equals(item);
        } catch (IllegalArgumentException unbalanced) {
            return false;
        }
    }
}
