package io.longrun.adapter.out.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import io.longrun.support.FakeSlurm;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code longrun.slurm.calls}: every call timed, with bounded tags only. */
class MeteredSlurmGatewayTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeSlurm slurm = new FakeSlurm();
    final MeteredSlurmGateway gateway = new MeteredSlurmGateway(slurm, "cli", registry);

    @Test
    void callsAreTimedByAdapterOperationAndOutcome() {
        gateway.states(List.of(1L, 2L));
        gateway.states(List.of(3L));
        gateway.ping();
        slurm.failNextSubmit(new SlurmGatewayException(Kind.QUOTA, "limit", List.of(), null));
        assertThatThrownBy(() -> gateway.submit(null)).isInstanceOf(SlurmGatewayException.class);
        slurm.unreachable = true;
        assertThatThrownBy(() -> gateway.cancel(1, "alice")).isInstanceOf(SlurmGatewayException.class);

        assertThat(timer("states", "success").count()).isEqualTo(2);
        assertThat(timer("ping", "success").count()).isEqualTo(1);
        assertThat(timer("submit", "quota").count()).isEqualTo(1);
        assertThat(timer("cancel", "transient").count()).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .extracting(tag -> tag.getKey()).containsExactlyInAnyOrder("adapter", "operation", "outcome"));
    }

    private Timer timer(String operation, String outcome) {
        return registry.get(MeteredSlurmGateway.CALLS).tag("adapter", "cli").tag("operation", operation)
                .tag("outcome", outcome).timer();
    }
}
