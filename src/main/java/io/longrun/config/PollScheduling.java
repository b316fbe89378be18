package io.longrun.config;

import io.longrun.application.ChainPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the poll cycle on a fixed delay. Tests that drive the poller themselves switch it off. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "longrun.poll.enabled", havingValue = "true", matchIfMissing = true)
public class PollScheduling {
    private static final Logger log = LoggerFactory.getLogger(PollScheduling.class);

    private final ChainPoller poller;

    PollScheduling(ChainPoller poller) {
        this.poller = poller;
    }

    @Scheduled(fixedDelayString = "${longrun.poll.tick:2s}", initialDelayString = "${longrun.poll.tick:2s}")
    void poll() {
        try {
            poller.pollDue();
        } catch (RuntimeException unexpected) {
            // A failed cycle must not stop the next one.
            log.error("Poll cycle failed", unexpected);
        }
    }
}
