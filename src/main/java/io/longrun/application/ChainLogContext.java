package io.longrun.application;

import io.longrun.domain.Chain;
import org.slf4j.MDC;

/**
 * Puts the chain id, its current job id and its user in the logging context while a chain is handled, so
 * every decision line can be found by any of them (plain or JSON logs alike).
 */
final class ChainLogContext implements AutoCloseable {
    static final String CHAIN_ID = "chainId";
    static final String JOB_ID = "jobId";
    static final String USER = "slurmUser";

    private ChainLogContext() {
    }

    static ChainLogContext of(Chain chain) {
        MDC.put(CHAIN_ID, chain.id().toString());
        MDC.put(USER, chain.user());
        jobId(chain.currentAttempt().jobId());
        return new ChainLogContext();
    }

    static void jobId(Long jobId) {
        if (jobId == null) {
            MDC.remove(JOB_ID);
        } else {
            MDC.put(JOB_ID, jobId.toString());
        }
    }

    @Override
    public void close() {
        MDC.remove(CHAIN_ID);
        MDC.remove(JOB_ID);
        MDC.remove(USER);
    }
}
