package io.longrun.adapter.out.slurm;

import io.longrun.application.port.out.SlurmGatewayException.Kind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Slurm errors a retry can cure, in one place for both adapters: slurmrestd reports errors by number
 * (and text), the command line by text only ({@code sbatch: error: Batch job submission failed: <text>}).
 * Numbers and texts are those of Slurm 24.11's {@code slurm_errno.h} / {@code slurm_errno.c}.
 */
public final class SlurmErrorKinds {
    /** ESLURM_ACCOUNTING_POLICY: a submit limit of the association or QOS (or a per-job limit with DenyOnLimit). */
    public static final int ACCOUNTING_POLICY = 2050;

    /** Texts of transient errors: Slurm unreachable, busy, or asking to be asked again. */
    private static final List<String> TRANSIENT_TEXTS = List.of(
            "Unable to contact slurm controller",          // SLURMCTLD_COMMUNICATIONS_* (1800-1803)
            "Socket timed out",                             // SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT
            "Zero Bytes were transmitted or received",
            "Communication connection failure",
            "Message send failure",
            "Message receive failure",
            "Connection refused",
            "Resource temporarily unavailable",             // EAGAIN: slurmctld busy
            "Slurm temporarily unable to accept job",
            "Unable to create job record, try again",
            "Job can not be altered now, try again later",
            "try again in a bit",                           // ESLURM_JOB_SETTING_DB_INX
            "Slurm backup controller in standby mode",
            "Unable to connect to database",                // ESLURM_DB_CONNECTION (slurmdbd down)
            "Problem talking to the database",
            "Protocol authentication error",                // a bad key or token: Longrun's configuration
            "System submissions disabled");                 // an administrator paused submissions

    /** Texts of submit limits that lift by themselves (the reason sbatch prints before the error). */
    private static final Pattern QUOTA_TEXT = Pattern.compile(
            "(Assoc|QOS)\\w*(MaxSubmitJob|GrpSubmitJob|MaxJobs|GrpJobs)\\w*|Job violates accounting/QOS policy");

    /** Per-job limits (with DenyOnLimit) also end in 2050, but the same job will never fit: not a quota. */
    private static final Pattern PER_JOB_LIMIT = Pattern.compile("(Assoc|QOS)\\w*(PerJob|MinTRES|MaxWall)\\w*");

    private SlurmErrorKinds() {
    }

    /** One Slurm error as reported: its number when known, and its text. */
    public record Error(Integer number, String text) {
    }

    /**
     * The kind of a failure that carried these Slurm errors. A submit limit makes it {@link Kind#QUOTA} (unless a
     * per-job limit is named), errors that are all transient make it {@link Kind#TRANSIENT}, anything else Slurm
     * named makes it {@link Kind#PERMANENT}. No error at all (or only unspecified ones): {@code whenNone}.
     */
    public static Kind classify(Collection<Error> errors, Kind whenNone) {
        // SLURM_ERROR (-1, "Unspecified error") tells nothing: e.g. slurmrestd's "Unable to query job states"
        // when slurmctld is away. Such errors count as none.
        errors = errors.stream().filter(error -> !isUnspecified(error)).toList();
        if (errors.isEmpty()) {
            return whenNone;
        }
        boolean quota = errors.stream().anyMatch(SlurmErrorKinds::isQuota);
        boolean perJobLimit = errors.stream().anyMatch(error -> error.text() != null
                && PER_JOB_LIMIT.matcher(error.text()).find());
        if (quota) {
            return perJobLimit ? Kind.PERMANENT : Kind.QUOTA;
        }
        return errors.stream().allMatch(SlurmErrorKinds::isTransient) ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    public static Kind classify(Collection<Error> errors) {
        return classify(errors, Kind.PERMANENT);
    }

    private static boolean isUnspecified(Error error) {
        return error.number() != null && error.number() == -1 && textKind(error.text()).isEmpty();
    }

    static boolean isQuota(Error error) {
        if (error.number() != null && error.number() == ACCOUNTING_POLICY) {
            return true;
        }
        return error.text() != null && QUOTA_TEXT.matcher(error.text()).find();
    }

    static boolean isTransient(Error error) {
        Integer number = error.number();
        if (number != null && transientNumber(number)) {
            return true;
        }
        return textKind(error.text()).filter(kind -> kind == Kind.TRANSIENT).isPresent();
    }

    private static boolean transientNumber(int number) {
        return (number >= 1000 && number < 2000)      // communication and protocol errors, SLURMCTLD_COMMUNICATIONS_*
                || (number >= 5000 && number < 6000)  // SLURM_PROTOCOL_SOCKET_* (socket timeouts)
                || number == 2031                     // ESLURM_TRANSITION_STATE_NO_UPDATE
                || number == 7000                     // ESLURM_DB_CONNECTION
                || number == 11;                      // EAGAIN
    }

    /** The kind a Slurm error text alone tells, if it tells one. */
    public static Optional<Kind> textKind(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        if (QUOTA_TEXT.matcher(text).find()) {
            return Optional.of(PER_JOB_LIMIT.matcher(text).find() ? Kind.PERMANENT : Kind.QUOTA);
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        return TRANSIENT_TEXTS.stream().anyMatch(known -> lower.contains(known.toLowerCase(java.util.Locale.ROOT)))
                ? Optional.of(Kind.TRANSIENT) : Optional.empty();
    }

    /** The message of a failure: a quota says so before Slurm's own words, so it reads as one in a chain's history. */
    public static String message(String operation, Kind kind, String detail) {
        return kind == Kind.QUOTA
                ? operation + " failed (a Slurm submit limit is reached; trying again later): " + detail
                : operation + " failed: " + detail;
    }
}
