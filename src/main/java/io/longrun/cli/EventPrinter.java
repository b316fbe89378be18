package io.longrun.cli;

import java.util.List;

/**
 * Tells a chain's history in the old {@code sbatch_longrun}'s words, one event at a time:
 * <pre>
 * SUCCESS : Job submitted with ID: 454600
 * INFO    : Monitoring job 454600 (submission 1/1000)
 * INFO    : Job 454600 reached final state: TIMEOUT
 * SUCCESS : Resubmitted based on status=TIMEOUT job with ID: 454609
 * INFO    : Monitoring job 454609 (submission 2/1000)
 * INFO    : Job 454609 reached final state: COMPLETED
 * SUCCESS : Job completed successfully.
 * </pre>
 * Submissions are counted out of maxRestarts + 1, the most a chain may make. Lines the old tool did not have
 * (Slurm states seen, deferred or refused submissions, cancellation) use its levels: DEBUG for states,
 * WARNING and ERROR for trouble.
 */
final class EventPrinter {
    private final Console console;
    private String resubmitReason;
    private String lastEnding;

    EventPrinter(Console console) {
        this.console = console;
    }

    /**
     * @param maxRestarts the chain's current maxRestarts
     */
    void print(EventView event, int maxRestarts) {
        String job = event.jobId() == null ? "?" : Long.toString(event.jobId());
        switch (event.type()) {
            case "CREATED" -> console.log(event.at(), Level.DEBUG, "Chain created" + detail(event));
            case "SUBMITTED" -> {
                int attempt = event.attempt() == null ? 1 : event.attempt();
                if (attempt <= 1 || resubmitReason == null) {
                    console.log(event.at(), Level.SUCCESS, attempt <= 1 ? "Job submitted with ID: " + job
                            : "Resubmitted job with ID: " + job);
                } else {
                    console.log(event.at(), Level.SUCCESS,
                            "Resubmitted based on status=" + resubmitReason + " job with ID: " + job);
                }
                resubmitReason = null;
                console.log(event.at(), Level.INFO,
                        "Monitoring job " + job + " (submission " + attempt + "/" + (maxRestarts + 1) + ")");
            }
            case "STATE_CHANGED" -> console.log(event.at(), Level.DEBUG, "Job " + job + " state: " + event.state());
            case "ATTEMPT_ENDED" -> {
                lastEnding = event.state();
                console.log(event.at(), Level.INFO, "Job " + job + " reached final state: " + event.state());
            }
            case "RESUBMITTING" -> {
                resubmitReason = event.state();
                console.log(event.at(), Level.DEBUG, "Resubmitting after " + event.state() + detail(event));
            }
            case "SUBMISSION_DEFERRED" -> console.log(event.at(), Level.WARNING,
                    "Submission deferred: " + event.detail());
            case "SUBMISSION_REFUSED" -> console.log(event.at(), Level.ERROR,
                    "sbatch submission failed: " + event.detail());
            case "REQUEUED_BY_SLURM" -> console.log(event.at(), Level.WARNING,
                    "Job " + job + " was requeued by Slurm" + detail(event));
            case "POLICY_CHANGED" -> console.log(event.at(), Level.INFO, "Retry policy changed" + detail(event));
            case "CANCELLED" -> console.log(event.at(), Level.WARNING, "Chain " + event.detail());
            case "CHAIN_ENDED" -> {
                if ("SUCCEEDED".equals(event.state())) {
                    console.log(event.at(), Level.SUCCESS, "Job completed successfully.");
                } else {
                    console.log(event.at(), Level.WARNING, "Job finished with state: "
                            + (lastEnding != null ? lastEnding : event.state())
                            + " (chain " + event.state() + detail(event) + ")");
                }
            }
            default -> console.log(event.at(), Level.INFO, event.type() + detail(event));
        }
    }

    /** Takes in an event told before (by another process) without printing it. */
    /**
     * Tells a chain's history from the event after the first {@code alreadyTold} (which an earlier log or follower
     * told): those only set this printer's memory (why the next job was submitted).
     */
    void tellAfter(List<EventView> events, int alreadyTold, int maxRestarts) {
        for (int i = 0; i < events.size(); i++) {
            if (i < alreadyTold) {
                remember(events.get(i));
            } else {
                print(events.get(i), maxRestarts);
            }
        }
    }

    void remember(EventView event) {
        switch (event.type()) {
            case "SUBMITTED" -> resubmitReason = null;
            case "ATTEMPT_ENDED" -> lastEnding = event.state();
            case "RESUBMITTING" -> resubmitReason = event.state();
            default -> {
                // nothing to remember
            }
        }
    }

    private static String detail(EventView event) {
        return event.detail() == null || event.detail().isBlank() ? "" : ": " + event.detail();
    }
}
