package io.longrun.adapter.out.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.adapter.out.slurm.SlurmErrorKinds.Error;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slurm's errors, by number (slurmrestd) and by text (the command line), sorted into the engine's three kinds. */
class SlurmErrorKindsTest {

    @ParameterizedTest(name = "error {0} is {1}")
    @CsvSource({
            "1800, TRANSIENT",   // SLURMCTLD_COMMUNICATIONS_CONNECTION_ERROR (24.11)
            "1007, TRANSIENT",   // SLURM_PROTOCOL_AUTHENTICATION_ERROR: Longrun's configuration
            "5004, TRANSIENT",   // socket timed out
            "7000, TRANSIENT",   // slurmdbd unreachable
            "11, TRANSIENT",     // EAGAIN: slurmctld busy
            "2031, TRANSIENT",   // job can not be altered now, try again later
            "2050, QUOTA",       // ESLURM_ACCOUNTING_POLICY: a submit limit
            "2000, PERMANENT",   // invalid partition
            "2045, PERMANENT",   // invalid account
            "2017, PERMANENT"})  // invalid job id
    void byNumber(int number, Kind kind) {
        assertThat(SlurmErrorKinds.classify(List.of(new Error(number, "whatever Slurm says")))).isEqualTo(kind);
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "Unable to contact slurm controller (connect failure)|TRANSIENT",
            "Socket timed out on send/recv operation|TRANSIENT",
            "Slurm temporarily unable to accept job, sleeping and retrying|TRANSIENT",
            "Problem talking to the database: Connection refused|TRANSIENT",
            "System submissions disabled|TRANSIENT",
            "AssocMaxSubmitJobLimit|QUOTA",
            "QOSMaxSubmitJobPerUserLimit|QUOTA",
            "AssocGrpSubmitJobsLimit|QUOTA",
            "Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)|QUOTA",
            "Invalid partition name specified|PERMANENT",
            "Invalid account or account/partition combination specified|PERMANENT",
            "Invalid qos specification|PERMANENT"})
    void byText(String text, Kind kind) {
        assertThat(SlurmErrorKinds.classify(List.of(new Error(null, text)))).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} with 2050 is {1}")
    @CsvSource({
            "AssocMaxSubmitJobLimit, QUOTA",
            "QOSMaxWallDurationPerJobLimit, PERMANENT",  // the same job will never fit: DenyOnLimit
            "QOSMaxTRESPerJob, PERMANENT",
            "AssocMaxJobsLimit, QUOTA"})
    void aSubmitLimitIsAQuotaButAPerJobLimitIsNot(String reason, Kind kind) {
        assertThat(SlurmErrorKinds.classify(List.of(new Error(null, reason),
                new Error(2050, "Job violates accounting/QOS policy")))).isEqualTo(kind);
    }

    @org.junit.jupiter.api.Test
    void transientOnlyWhenEveryErrorIs() {
        assertThat(SlurmErrorKinds.classify(List.of(new Error(1800, "Unable to contact slurm controller"),
                new Error(2000, "Invalid partition name specified")))).isEqualTo(Kind.PERMANENT);
    }

    @org.junit.jupiter.api.Test
    void noErrorOrAnUnspecifiedOneLeavesItToTheCaller() {
        assertThat(SlurmErrorKinds.classify(List.of(), Kind.TRANSIENT)).isEqualTo(Kind.TRANSIENT);
        // slurmrestd's answer to /jobs/state/ when slurmctld is away: -1 "Unspecified error"
        assertThat(SlurmErrorKinds.classify(List.of(new Error(-1, "Unspecified error Unable to query job states")),
                Kind.TRANSIENT)).isEqualTo(Kind.TRANSIENT);
    }

    @org.junit.jupiter.api.Test
    void aQuotaSaysSoInItsMessage() {
        assertThat(SlurmErrorKinds.message("submit job", Kind.QUOTA, "AssocMaxSubmitJobLimit"))
                .isEqualTo("submit job failed (a Slurm submit limit is reached; trying again later): AssocMaxSubmitJobLimit");
        assertThat(SlurmErrorKinds.message("submit job", Kind.PERMANENT, "Invalid partition name specified"))
                .isEqualTo("submit job failed: Invalid partition name specified");
    }
}
