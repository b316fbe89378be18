package io.longrun.adapter.out.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ChainJpaRepository extends JpaRepository<ChainEntity, UUID>, ChainSearchRepository {

    @Query("select distinct c from ChainEntity c left join fetch c.attempts where c.id in :ids")
    List<ChainEntity> findWithAttempts(@Param("ids") Collection<UUID> ids);

    String RECORDED_JOBS = "select c.id, a.jobId, a.slurmState, a.startedAt, a.nodes, a.missingSince, index(a)"
            + " from ChainEntity c join c.attempts a where c.state = 'ACTIVE' and c.pollShard in :shards"
            + " and a.jobId is not null and a.finished = false";

    /** The current job of the watched chains in these shards: an ACTIVE chain's unfinished attempt with a job. */
    @Query(RECORDED_JOBS)
    List<Object[]> findRecordedJobs(@Param("shards") Collection<Integer> shards);

    @Query(RECORDED_JOBS + " and c.expectedEndAt between :from and :to")
    List<Object[]> findRecordedJobsEndingBetween(@Param("shards") Collection<Integer> shards,
                                                 @Param("from") Instant from, @Param("to") Instant to);

    @Query("select c from ChainEntity c where c.state = 'SUBMITTING' and c.held = false and c.nextSubmitAt <= :now"
            + " order by c.nextSubmitAt")
    List<ChainEntity> findDue(@Param("now") Instant now, Pageable page);

    @Query("select c.state, count(c) from ChainEntity c group by c.state")
    List<Object[]> countByState();

    @Query("select count(c) from ChainEntity c where c.state = 'SUBMITTING' and c.nextSubmitAt > :now")
    long countWaiting(@Param("now") Instant now);

    @Query("select c from ChainEntity c where (:user is null or c.user = :user)"
            + " and (:state is null or c.state = :state) order by c.createdAt desc")
    List<ChainEntity> search(@Param("user") String user, @Param("state") String state, Pageable page);
}
