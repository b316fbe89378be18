package io.longrun.adapter.out.health;

import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Slurm reachable or not. Part of readiness only: a Slurm outage makes Longrun unready (so no new work is
 * routed to it), never restarts it — chains wait, they do not fail, while Slurm is away.
 */
@Component("slurm")
class SlurmHealthIndicator implements HealthIndicator {
    private final SlurmGateway slurm;

    SlurmHealthIndicator(SlurmGateway slurm) {
        this.slurm = slurm;
    }

    @Override
    public Health health() {
        try {
            slurm.ping();
            return Health.up().build();
        } catch (SlurmGatewayException unreachable) {
            return Health.down().withDetail("error", unreachable.getMessage()).build();
        }
    }
}
