package io.longrun.adapter.in.web;

import io.longrun.adapter.in.web.model.AttemptDto;
import io.longrun.adapter.in.web.model.ChainDto;
import io.longrun.adapter.in.web.model.ChainEventDto;
import io.longrun.adapter.in.web.model.RetryPolicyDto;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.domain.RetryPolicy;
import java.time.Duration;
import io.longrun.adapter.in.web.model.ChainStateDto;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

final class ChainDtoMapper {
    private ChainDtoMapper() {
    }

    static ChainDto toDto(Chain chain) {
        Attempt current = chain.currentAttempt();
        return new ChainDto()
                .id(chain.id())
                .user(chain.user())
                .name(chain.name())
                .state(ChainStateDto.fromValue(chain.state().name()))
                .stateReason(chain.stateReason())
                .held(chain.isHeld())
                .maxRestarts(chain.maxRestarts())
                .policy(toDto(chain.policy()))
                .restartsUsed(chain.restartsUsed())
                .workingDirectory(chain.workingDirectory())
                .args(chain.args())
                .scriptArguments(chain.scriptArguments())
                .initialJobId(chain.initialJobId().orElse(null))
                .currentJobId(current.isInSlurm() ? current.jobId() : null)
                .createdAt(utc(chain.createdAt()))
                .updatedAt(utc(chain.updatedAt()))
                .endedAt(utc(chain.endedAt()))
                .attempts(chain.attempts().stream().map(ChainDtoMapper::toDto).toList());
    }

    private static AttemptDto toDto(Attempt attempt) {
        return new AttemptDto()
                .number(attempt.number())
                .jobId(attempt.jobId())
                .slurmState(attempt.slurmState())
                .exitCode(attempt.exitCode())
                .nodes(attempt.nodes())
                .stateReason(attempt.stateReason())
                .submittedAt(utc(attempt.submittedAt()))
                .startedAt(utc(attempt.startedAt()))
                .endedAt(utc(attempt.endedAt()));
    }

    static RetryPolicyDto toDto(RetryPolicy policy) {
        return new RetryPolicyDto()
                .maxRestarts(policy.maxRestarts())
                .resubmitOn(policy.resubmitOn().stream().map(Enum::name).sorted().toList())
                .resubmitExitCodes(policy.resubmitExitCodes().stream().sorted().toList())
                .noProgressAttempts(policy.noProgressAttempts())
                .noProgressRuntimeSeconds(policy.noProgressRuntime().toSeconds())
                .backoffInitialSeconds(policy.backoffInitial().toSeconds())
                .backoffMaxSeconds(policy.backoffMax().toSeconds())
                .walltimeBudgetSeconds(policy.walltimeBudget() == null ? null : policy.walltimeBudget().toSeconds());
    }

    /** The request's policy; a top-level maxRestarts wins over the policy's own. */
    static PolicyRequest toPolicyRequest(Integer maxRestarts, RetryPolicyDto policy) {
        if (policy == null) {
            return new PolicyRequest(maxRestarts, null, null, null, null, null, null, null);
        }
        return new PolicyRequest(maxRestarts != null ? maxRestarts : policy.getMaxRestarts(), policy.getResubmitOn(),
                policy.getResubmitExitCodes(), policy.getNoProgressAttempts(),
                seconds(policy.getNoProgressRuntimeSeconds()), seconds(policy.getBackoffInitialSeconds()),
                seconds(policy.getBackoffMaxSeconds()), seconds(policy.getWalltimeBudgetSeconds()));
    }

    private static Duration seconds(Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    static ChainEventDto toDto(ChainEvent event) {
        return new ChainEventDto()
                .at(utc(event.at()))
                .type(ChainEventDto.TypeEnum.fromValue(event.type().name()))
                .attempt(event.attempt())
                .jobId(event.jobId())
                .state(event.state())
                .detail(event.detail());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
