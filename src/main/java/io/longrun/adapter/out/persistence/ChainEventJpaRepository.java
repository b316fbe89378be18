package io.longrun.adapter.out.persistence;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface ChainEventJpaRepository extends JpaRepository<ChainEventEntity, Long> {
    List<ChainEventEntity> findByChainIdOrderById(UUID chainId);
}
