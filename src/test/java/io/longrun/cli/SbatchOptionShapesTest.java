package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line's copy of sbatch's option shapes must agree with the domain's option table. */
class SbatchOptionShapesTest {

    @Test
    void agreesWithTheDomainsOptionTable() throws Exception {
        Class<?> table = Class.forName("io.longrun.domain.sbatch.OptionTable");
        Map<String, String> longNames = new HashMap<>();
        Map<Character, String> shortNames = new HashMap<>();
        for (Object entry : ((Map<?, ?>) field(table, "BY_LONG_NAME")).values()) {
            Method arg = entry.getClass().getDeclaredMethod("arg");
            arg.setAccessible(true);
            Method longName = entry.getClass().getDeclaredMethod("longName");
            longName.setAccessible(true);
            longNames.put((String) longName.invoke(entry), arg.invoke(entry).toString());
        }
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) field(table, "BY_SHORT_NAME")).entrySet()) {
            Method arg = entry.getValue().getClass().getDeclaredMethod("arg");
            arg.setAccessible(true);
            shortNames.put((Character) entry.getKey(), arg.invoke(entry.getValue()).toString());
        }

        Map<String, String> mine = new HashMap<>();
        SbatchOptionShapes.longOptions().forEach((name, shape) -> mine.put(name, shape.name()));
        Map<Character, String> mineShort = new HashMap<>();
        SbatchOptionShapes.shortOptions().forEach((name, shape) -> mineShort.put(name, shape.name()));
        assertThat(mine).isEqualTo(longNames);
        assertThat(mineShort).isEqualTo(shortNames);
    }

    @Test
    void longNamesResolveByUnambiguousPrefix() {
        assertThat(SbatchOptionShapes.resolveLong("ti")).isEmpty(); // time, time-min
        assertThat(SbatchOptionShapes.resolveLong("time")).contains("time");
        assertThat(SbatchOptionShapes.resolveLong("sig")).contains("signal");
        assertThat(SbatchOptionShapes.resolveLong("par")).isEmpty(); // parsable, partition
        assertThat(SbatchOptionShapes.longShape("sig")).isEqualTo(SbatchOptionShapes.Shape.REQUIRED);
        assertThat(SbatchOptionShapes.longShape("hold")).isEqualTo(SbatchOptionShapes.Shape.NONE);
        assertThat(SbatchOptionShapes.longShape("exclusive")).isEqualTo(SbatchOptionShapes.Shape.OPTIONAL);
    }

    private static Object field(Class<?> type, String name) throws Exception {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }
}
