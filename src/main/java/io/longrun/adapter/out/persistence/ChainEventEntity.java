package io.longrun.adapter.out.persistence;

import io.longrun.domain.ChainEvent;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "chain_event")
class ChainEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    UUID chainId;
    Instant at;
    String type;
    Integer attempt;
    Long jobId;
    String state;
    String detail;

    static ChainEventEntity of(ChainEvent event) {
        ChainEventEntity entity = new ChainEventEntity();
        entity.chainId = event.chainId();
        entity.at = event.at();
        entity.type = event.type().name();
        entity.attempt = event.attempt();
        entity.jobId = event.jobId();
        entity.state = event.state();
        entity.detail = event.detail() == null || event.detail().length() <= 4000 ? event.detail()
                : event.detail().substring(0, 3999) + "…";
        return entity;
    }

    ChainEvent toDomain() {
        return new ChainEvent(chainId, at, ChainEvent.Type.valueOf(type), attempt, jobId, state, detail);
    }
}
