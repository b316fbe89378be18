package io.longrun.bench;

import io.longrun.support.DevCluster;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RPC counters of the dev cluster's daemons, read as root: slurmctld's from {@code sdiag --json}
 * ("Remote Procedure Call statistics" by message type and by user) and slurmdbd's from
 * {@code sacctmgr show stats}. Reading them costs RPCs too, all made as root (REQUEST_STATS_INFO,
 * DBD_GET_STATS), so they never count against the benchmark's own user.
 */
record SlurmRpcCounters(Map<String, Long> controllerByType, Map<String, Long> controllerByUser,
                        Map<String, Long> dbdByType, Map<String, Long> dbdByUser) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DBD_LINE = Pattern.compile("^\\s+(\\S+)\\s+\\(\\s*\\d+\\)\\s+count:(\\d+)");

    /** {@code sdiag --reset}: slurmctld's counters start again from zero (slurmdbd's are only ever read as differences). */
    static void resetController() {
        DevCluster.as("root", null, "sdiag", "--reset").orThrow();
    }

    static SlurmRpcCounters read() {
        JsonNode statistics = JSON.readTree(DevCluster.as("root", null, "sdiag", "--json").orThrow().stdout())
                .get("statistics");
        Map<String, Long> byType = new TreeMap<>();
        statistics.get("rpcs_by_message_type").forEach(rpc -> byType.put(rpc.get("message_type").asString(),
                rpc.get("count").asLong()));
        Map<String, Long> byUser = new TreeMap<>();
        statistics.get("rpcs_by_user").forEach(rpc -> byUser.put(rpc.get("user").asString(), rpc.get("count").asLong()));

        Map<String, Long> dbdByType = new TreeMap<>();
        Map<String, Long> dbdByUser = new TreeMap<>();
        Map<String, Long> section = null;
        for (String line : DevCluster.as("root", null, "sacctmgr", "show", "stats").orThrow().stdout().split("\n")) {
            if (line.startsWith("Remote Procedure Call statistics by message type")) {
                section = dbdByType;
            } else if (line.startsWith("Remote Procedure Call statistics by user")) {
                section = dbdByUser;
            } else if (!line.startsWith("\t") && !line.startsWith(" ")) {
                section = line.isBlank() ? section : null;
            } else if (section != null) {
                Matcher count = DBD_LINE.matcher(line);
                if (count.find()) {
                    section.put(count.group(1), Long.parseLong(count.group(2)));
                }
            }
        }
        return new SlurmRpcCounters(byType, byUser, dbdByType, dbdByUser);
    }

    /** What happened between {@code earlier} and this reading (counters present in either). */
    SlurmRpcCounters minus(SlurmRpcCounters earlier) {
        return new SlurmRpcCounters(difference(controllerByType, earlier.controllerByType),
                difference(controllerByUser, earlier.controllerByUser), difference(dbdByType, earlier.dbdByType),
                difference(dbdByUser, earlier.dbdByUser));
    }

    /** True when a counter went down: someone reset the counters in between, and a difference means nothing. */
    boolean anyNegative() {
        return Map.of("a", controllerByType, "b", controllerByUser, "c", dbdByType, "d", dbdByUser).values().stream()
                .flatMap(map -> map.values().stream()).anyMatch(value -> value < 0);
    }

    long controller(String user) {
        return controllerByUser.getOrDefault(user, 0L);
    }

    long dbd(String user) {
        return dbdByUser.getOrDefault(user, 0L);
    }

    private static Map<String, Long> difference(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> delta = new TreeMap<>();
        later.forEach((key, value) -> delta.put(key, value - earlier.getOrDefault(key, 0L)));
        earlier.forEach((key, value) -> delta.putIfAbsent(key, -value));
        delta.values().removeIf(value -> value == 0);
        return delta;
    }
}
