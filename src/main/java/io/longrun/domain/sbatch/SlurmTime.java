package io.longrun.domain.sbatch;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Slurm's two time syntaxes, ported from src/common/parse_time.c: durations ({@code time_str2mins},
 * used by {@code --time}) and points in time ({@code parse_time}, used by {@code --begin} and
 * {@code --deadline}).
 */
public final class SlurmTime {
    private static final String DURATION_FORMATS = "expected minutes, minutes:seconds, hours:minutes:seconds,"
            + " days-hours, days-hours:minutes, days-hours:minutes:seconds or UNLIMITED";

    private SlurmTime() {
    }

    /**
     * Reads a time limit as {@code time_str2mins} does, then applies sbatch's rule that 0 is unlimited.
     * <ul>
     *   <li>{@code UNLIMITED}, {@code INFINITE} (any case) and {@code -1} are unlimited.</li>
     *   <li>{@code M}, {@code M:S}, {@code H:M:S}, {@code D-H}, {@code D-H:M}, {@code D-H:M:S}; fields are not
     *       range-checked ({@code 1:99:99} is 1 h 99 min 99 s, as in Slurm).</li>
     *   <li>Seconds round up to whole minutes: {@code 0:30} is 1 minute, {@code 90:01} is 91.</li>
     *   <li>A total of zero ({@code 0}, {@code 0:00}, {@code 0-0}) is unlimited: sbatch's
     *       {@code arg_set_time_limit} turns 0 into INFINITE.</li>
     *   <li>{@code D-} is D days, as Slurm's sscanf reads it.</li>
     * </ul>
     * Stricter than Slurm: no sign other than the exact {@code -1}, and totals must fit Slurm's 32-bit
     * second count (Slurm overflows silently).
     *
     * @throws IllegalArgumentException with the reason
     */
    public static TimeLimit parseTimeLimit(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty time; " + DURATION_FORMATS);
        }
        if (value.equals("-1") || value.equalsIgnoreCase("INFINITE") || value.equalsIgnoreCase("UNLIMITED")) {
            return TimeLimit.UNLIMITED;
        }
        if (!isValidTimeSpec(value)) {
            throw new IllegalArgumentException(DURATION_FORMATS);
        }
        long seconds = durationSeconds(value);
        if (seconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("time is too long for Slurm");
        }
        return TimeLimit.ofMinutes((seconds + 59) / 60);
    }

    /** Slurm's {@code _is_valid_timespec}, plus: the value may not start with '-' (no negative times). */
    private static boolean isValidTimeSpec(String s) {
        int digitGroups = 0;
        int dashes = 0;
        int colons = 0;
        boolean inDigits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (!inDigits) {
                    digitGroups++;
                    inDigits = true;
                }
            } else if (c == '-') {
                inDigits = false;
                dashes++;
                if (colons > 0 || i == 0) {
                    return false;
                }
            } else if (c == ':') {
                inDigits = false;
                colons++;
            } else {
                return false;
            }
        }
        if (digitGroups == 0 || dashes > 1 || colons > 2) {
            return false;
        }
        int needed = dashes > 0 ? colons + 2 : colons + 1;
        return colons == 0 || digitGroups >= needed;
    }

    /** The sscanf reading of time_str2secs: fields left of a missing one count, the rest are 0. */
    private static long durationSeconds(String s) {
        int dash = s.indexOf('-');
        if (dash >= 0) {
            long days = number(s.substring(0, dash));
            long[] hms = leadingFields(s.substring(dash + 1), 3);
            return days * 86400 + hms[0] * 3600 + hms[1] * 60 + hms[2];
        }
        long[] fields = leadingFields(s, 3);
        int given = s.split(":", -1).length;
        if (given == 3) {
            return fields[0] * 3600 + fields[1] * 60 + fields[2];
        }
        return fields[0] * 60 + fields[1]; // minutes[:seconds]
    }

    /** Like sscanf("%d:%d:%d"): reads numbers until one is missing; missing ones are 0. */
    private static long[] leadingFields(String s, int count) {
        long[] fields = new long[count];
        String[] parts = s.split(":", -1);
        for (int i = 0; i < count && i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                break;
            }
            fields[i] = number(parts[i]);
        }
        return fields;
    }

    private static long number(String digits) {
        if (digits.length() > 10) {
            throw new IllegalArgumentException("time is too long for Slurm");
        }
        long n = Long.parseLong(digits);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("time is too long for Slurm");
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // parse_time

    private static final String[] UNIT_NAMES = {"seconds", "second", "minutes", "minute", "hours", "hour",
            "days", "day", "weeks", "week"};
    private static final long[] UNIT_SECONDS = {1, 1, 60, 60, 3600, 3600, 86400, 86400, 604800, 604800};

    /**
     * Reads a point in time as Slurm's {@code parse_time(str, past=0)} does, in {@code zone} with "now"
     * from {@code clock} (whole seconds). Accepted, and combinable as in Slurm ({@code tomorrow noon},
     * {@code 2025-01-20T12:34}, {@code 01/20-16:00}):
     * <ul>
     *   <li>{@code HH:MM[:SS][AM|PM]}: the next such time, today if still ahead (ahead in hours and minutes;
     *       seconds are not compared), else tomorrow;</li>
     *   <li>{@code MMDD[YY]}, {@code MM/DD[/YY]}, {@code MM.DD[.YY]}, {@code YYYY-MM-DD[THH:MM[:SS]]}; a date
     *       alone is 00:00 that day. Without a year, the current year if the date and time are still ahead,
     *       else next year (so today's date alone means next year);</li>
     *   <li>{@code now[{+|-}count[seconds|minutes|hours|days|weeks]]} (default seconds; singular units too,
     *       but no abbreviations: {@code now+1h} is invalid);</li>
     *   <li>{@code today}, {@code tomorrow}, {@code midnight}, {@code noon}, {@code elevenses} (11:00),
     *       {@code fika} (15:00), {@code teatime} (16:00); {@code midnight} alone is the coming midnight;</li>
     *   <li>{@code uts<epoch seconds>}.</li>
     * </ul>
     * Surprising, but Slurm's: keywords are case-insensitive except that an upper-case {@code T} is
     * skipped as the date/time separator before keywords are tried, so {@code Today}, {@code TOMORROW}
     * and {@code Teatime} are invalid while {@code NOW} and {@code Noon} work.
     * <p>Stricter than Slurm: a date that does not exist ({@code 02/30}) is refused; Slurm's mktime would
     * roll it over into March.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static Instant parseMoment(String value, java.time.Clock clock, ZoneId zone) {
        return new MomentParser(value, clock.instant().getEpochSecond(), zone).parse();
    }

    /** The form {@link #parseMoment} reads back exactly: local date and time in {@code zone}. */
    public static String formatMoment(Instant instant, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond());
    }

    /** A port of parse_time's scanning loop; field names and defaults follow the C code. */
    private static final class MomentParser {
        private final String s;
        private final long now;
        private final ZoneId zone;
        private final LocalDateTime nowLocal;
        private int hour = -1;
        private int minute = -1;
        private int second = 0;
        private int month = -1; // 1-based here (C uses 0-based)
        private int day = -1;
        private int year = -1;

        MomentParser(String s, long now, ZoneId zone) {
            this.s = s;
            this.now = now;
            this.zone = zone;
            this.nowLocal = local(now);
        }

        private LocalDateTime local(long epochSecond) {
            return LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), zone);
        }

        private char at(int i) {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private boolean keyword(int pos, String word) {
            return s.regionMatches(true, pos, word, 0, word.length());
        }

        private IllegalArgumentException invalid(int pos) {
            return new IllegalArgumentException("invalid time specification at position " + pos
                    + "; expected HH:MM[:SS][AM|PM], MMDD[YY], MM/DD[/YY], MM.DD[.YY], YYYY-MM-DD[THH:MM[:SS]],"
                    + " now[+count[seconds|minutes|hours|days|weeks]], today, tomorrow, midnight, noon,"
                    + " elevenses, fika or teatime");
        }

        Instant parse() {
            if (keyword(0, "uts")) {
                String digits = s.substring(3);
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)
                        || Long.parseLong(digits) < 1_000_000) {
                    throw new IllegalArgumentException("uts must be followed by epoch seconds (at least 1000000)");
                }
                return Instant.ofEpochSecond(Long.parseLong(digits));
            }
            for (int pos = 0; pos < s.length() && at(pos) != '\n'; pos++) {
                char c = at(pos);
                if (c == ' ' || c == '\t' || c == '-' || c == 'T') {
                    continue;
                }
                if (keyword(pos, "today")) {
                    setDate(nowLocal.toLocalDate());
                    pos += 4;
                } else if (keyword(pos, "tomorrow")) {
                    setDate(local(now + 86400).toLocalDate());
                    pos += 7;
                } else if (keyword(pos, "midnight")) {
                    setTime(0);
                    pos += 7;
                } else if (keyword(pos, "noon")) {
                    setTime(12);
                    pos += 3;
                } else if (keyword(pos, "elevenses")) {
                    setTime(11);
                    pos += 8;
                } else if (keyword(pos, "fika")) {
                    setTime(15);
                    pos += 3;
                } else if (keyword(pos, "teatime")) {
                    setTime(16);
                    pos += 6;
                } else if (keyword(pos, "now")) {
                    pos = now(pos);
                } else if (c < '0' || c > '9') {
                    throw invalid(pos);
                } else if (at(pos + 1) == ':' || at(pos + 2) == ':') {
                    pos = time(pos);
                } else {
                    pos = date(pos);
                }
            }
            return resolve();
        }

        private void setDate(LocalDate date) {
            year = date.getYear();
            month = date.getMonthValue();
            day = date.getDayOfMonth();
        }

        private void setTime(int h) {
            hour = h;
            minute = 0;
            second = 0;
        }

        /** "now" with an optional signed delta; returns the position of its last character. */
        private int now(int pos) {
            long delta = 0;
            int i = pos + 3;
            int last;
            while (true) {
                char c = at(i);
                if (c == '+' || c == '-') {
                    long[] read = delta(i);
                    delta = c == '-' ? -read[0] : read[0];
                    last = (int) read[1];
                    break;
                }
                if (c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                if (c == '\0' || c == '\n') {
                    last = i - 1;
                    break;
                }
                throw invalid(i);
            }
            LocalDateTime later = local(now + delta);
            setDate(later.toLocalDate());
            hour = later.getHour();
            minute = later.getMinute();
            second = later.getSecond();
            return last;
        }

        /** _get_delta: digits and blanks, then optionally one unit name. Returns {count, last position}. */
        private long[] delta(int signPos) {
            long count = 0;
            int digits = 0;
            int offset = signPos + 1;
            for (; offset < s.length() && at(offset) != '\n'; offset++) {
                char c = at(offset);
                if (Character.isWhitespace(c)) {
                    continue;
                }
                int unit = unitAt(offset);
                if (unit >= 0) {
                    offset += UNIT_NAMES[unit].length();
                    count = Math.multiplyExact(count, UNIT_SECONDS[unit]);
                    break;
                }
                if (c >= '0' && c <= '9') {
                    count = Math.addExact(Math.multiplyExact(count, 10), c - '0');
                    digits++;
                    continue;
                }
                throw invalid(offset);
            }
            if (digits == 0) {
                throw invalid(offset);
            }
            return new long[] {count, offset - 1};
        }

        private int unitAt(int offset) {
            for (int u = 0; u < UNIT_NAMES.length; u++) {
                if (keyword(offset, UNIT_NAMES[u])) {
                    return u;
                }
            }
            return -1;
        }

        /** _get_time: H[H]:MM[:SS] then optional blanks and AM/PM. Returns the position of its last character. */
        private int time(int pos) {
            int offset = pos;
            int h = digit(offset++);
            if (at(offset) != ':') {
                h = h * 10 + digit(offset++);
            }
            if (h > 23) {
                throw invalid(offset - 2);
            }
            expect(offset++, ':');
            int m = digit(offset) * 10 + digit(offset + 1);
            offset += 2;
            if (m > 59) {
                throw invalid(offset - 2);
            }
            int sec = 0;
            if (at(offset) == ':') {
                offset++;
                sec = digit(offset) * 10 + digit(offset + 1);
                offset += 2;
                if (sec > 59) {
                    throw invalid(offset - 2);
                }
            }
            while (Character.isWhitespace(at(offset))) {
                offset++;
            }
            if (keyword(offset, "pm")) {
                h += 12;
                if (h > 23) {
                    if (h != 24) {
                        throw invalid(offset);
                    }
                    h = 12;
                }
                offset += 2;
            } else if (keyword(offset, "am")) {
                if (h > 11) {
                    if (h != 12) {
                        throw invalid(offset);
                    }
                    h = 0;
                }
                offset += 2;
            }
            hour = h;
            minute = m;
            second = sec;
            return offset - 1;
        }

        /** _get_date: YYYY-MM-DD, or MM[sep]DD[sep][YY] with sep one of '.' '/'. */
        private int date(int pos) {
            int offset = pos;
            if (s.length() > offset + 7 && at(offset + 4) == '-' && at(offset + 7) == '-') {
                int y = 0;
                for (int i = 0; i < 4; i++) {
                    y = y * 10 + digit(offset++);
                }
                offset++; // the '-'
                int mon = digit(offset++);
                if (isDigit(at(offset))) {
                    mon = mon * 10 + (at(offset++) - '0');
                }
                if (mon < 1 || mon > 12) {
                    throw invalid(offset - 2);
                }
                offset++; // the '-'
                int d = digit(offset++);
                if (isDigit(at(offset))) {
                    d = d * 10 + (at(offset++) - '0');
                }
                if (d < 1 || d > 31) {
                    throw invalid(offset - 2);
                }
                year = y;
                month = mon;
                day = d;
                return offset - 1;
            }
            int mon = digit(offset++);
            if (isDigit(at(offset))) {
                mon = mon * 10 + (at(offset++) - '0');
            }
            if (mon < 1 || mon > 12) {
                throw invalid(offset - 2);
            }
            if (at(offset) == '.' || at(offset) == '/') {
                offset++;
            }
            int d = digit(offset++);
            if (isDigit(at(offset))) {
                d = d * 10 + (at(offset++) - '0');
            }
            if (d < 1 || d > 31) {
                throw invalid(offset - 2);
            }
            if (at(offset) == '.' || at(offset) == '/') {
                offset++;
            }
            int yy = 0;
            if (isDigit(at(offset))) {
                yy = digit(offset++) * 10 + digit(offset++);
            }
            month = mon;
            day = d;
            if (yy != 0) {
                year = 2000 + yy; // Slurm: a two-digit year is 20YY; "00" counts as no year at all
            }
            return offset - 1;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private int digit(int offset) {
            char c = at(offset);
            if (!isDigit(c)) {
                throw invalid(offset);
            }
            return c - '0';
        }

        private void expect(int offset, char wanted) {
            if (at(offset) != wanted) {
                throw invalid(offset);
            }
        }

        /** The tail of parse_time: fill in what was not given, as Slurm does for future times. */
        private Instant resolve() {
            if (hour == -1 && month == -1) {
                throw new IllegalArgumentException("no date or time given");
            }
            if (hour == -1) {
                hour = 0;
                minute = 0;
            } else if (month == -1) {
                boolean laterToday = hour > nowLocal.getHour()
                        || (hour == nowLocal.getHour() && minute > nowLocal.getMinute());
                setDate(laterToday ? nowLocal.toLocalDate() : local(now + 86400).toLocalDate());
            }
            if (year == -1) {
                int nowMonth = nowLocal.getMonthValue();
                int nowDay = nowLocal.getDayOfMonth();
                boolean ahead = month > nowMonth
                        || (month == nowMonth && day > nowDay)
                        || (month == nowMonth && day == nowDay && hour > nowLocal.getHour())
                        || (month == nowMonth && day == nowDay && hour == nowLocal.getHour()
                            && minute > nowLocal.getMinute());
                year = ahead ? nowLocal.getYear() : nowLocal.getYear() + 1;
            }
            try {
                return LocalDateTime.of(year, month, day, hour, minute, second).atZone(zone).toInstant();
            } catch (DateTimeException noSuchDate) {
                throw new IllegalArgumentException(String.format("%04d-%02d-%02d is not a date", year, month, day));
            }
        }
    }
}
