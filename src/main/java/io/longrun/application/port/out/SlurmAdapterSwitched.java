package io.longrun.application.port.out;

import java.time.Instant;

/**
 * Published (as a Spring application event) each time {@code longrun.slurm.adapter=auto} changes the way it
 * reaches Slurm, so that the engine can record it, e.g. in the events of the chains it affects.
 *
 * @param from   the adapter used until now: {@code rest} or {@code cli}
 * @param to     the adapter used from now on
 * @param reason why, in words (the failure that made slurmrestd count as unreachable, or that it answers again)
 */
public record SlurmAdapterSwitched(String from, String to, String reason, Instant at) {
}
