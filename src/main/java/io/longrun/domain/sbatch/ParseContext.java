package io.longrun.domain.sbatch;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What relative option values are resolved against: {@code --begin=now+1hour} needs a clock, and
 * {@code --begin=16:00} needs the time zone sbatch would have run in.
 *
 * @param clock "now" for relative times
 * @param zone  the zone local dates and times are read in, and rendered in by {@link SbatchOptions#toArgs()}
 */
public record ParseContext(Clock clock, ZoneId zone) {

    public ParseContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(zone, "zone");
    }

    /** Uses the clock's own zone. */
    public static ParseContext of(Clock clock) {
        return new ParseContext(clock, clock.getZone());
    }
}
