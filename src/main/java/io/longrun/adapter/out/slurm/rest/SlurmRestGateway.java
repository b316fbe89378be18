package io.longrun.adapter.out.slurm.rest;

import io.longrun.adapter.out.slurm.rest.client.ApiClient;
import io.longrun.adapter.out.slurm.rest.client.api.SlurmApi;
import io.longrun.adapter.out.slurm.rest.client.api.SlurmdbApi;
import io.longrun.adapter.out.slurm.rest.client.model.V0042ControllerPing;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Job;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobInfo;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobSubmitReq;
import io.longrun.adapter.out.slurm.rest.client.model.V0042OpenapiError;
import io.longrun.adapter.out.slurm.rest.client.model.V0042OpenapiJobInfoResp;
import io.longrun.adapter.out.slurm.rest.client.model.V0042OpenapiJobSubmitResponse;
import io.longrun.adapter.out.slurm.rest.client.model.V0042OpenapiSlurmdbdJobsResp;
import io.longrun.adapter.out.slurm.rest.client.model.V0042ProcessExitCodeVerbose;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint32NoValStruct;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint64NoValStruct;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.JobTag;
import io.longrun.domain.SlurmJobState;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.json.JsonMapper;

/** Slurm through slurmrestd v0.0.42, with the generated client (and one hand-written call). */
public class SlurmRestGateway implements SlurmGateway {
    static final String JOBS_STATE_PATH = "/slurm/v0.0.42/jobs/state/";

    private final RestClient restClient;
    private final JsonMapper mapper;
    private final String baseUrl;
    private final String statusUser;
    private final Map<String, ApiClient> clientsByUser = new ConcurrentHashMap<>();

    public SlurmRestGateway(RestClient restClient, JsonMapper mapper, String baseUrl, String statusUser) {
        this.restClient = restClient;
        this.mapper = mapper;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.statusUser = statusUser;
    }

    @Override
    public void checkSupported(io.longrun.domain.sbatch.SbatchOptions options) {
        JobDescriptorMapper.checkSupported(options);
    }

    @Override
    public long submit(JobSubmission submission) {
        V0042JobSubmitReq request = new V0042JobSubmitReq().job(JobDescriptorMapper.toJobDescriptor(submission));
        V0042OpenapiJobSubmitResponse response = call("submit job",
                () -> new SlurmApi(client(submission.user())).slurmV0042PostJobSubmit(request));
        throwIfErrors("submit job", response.getErrors());
        if (response.getJobId() == null || response.getJobId() <= 0) {
            List<String> warnings = response.getWarnings() == null ? List.of() : response.getWarnings().stream()
                    .map(warning -> warning.getDescription()).toList();
            throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT,
                    "submit job: slurmrestd answered without a job id" + (warnings.isEmpty() ? ""
                            : " (" + String.join("; ", warnings) + ")"), warnings, null);
        }
        return response.getJobId();
    }

    @Override
    public Map<Long, JobStatus> states(Collection<Long> jobIds) {
        Map<Long, JobStatus> states = new HashMap<>();
        if (jobIds.isEmpty()) {
            return states;
        }
        JobStatesResponse response = call("read job states", () -> restClient.get()
                .uri(baseUrl + JOBS_STATE_PATH, builder -> {
                    // One job_id parameter per job: a comma list is refused with a plain-text 400.
                    jobIds.forEach(id -> builder.queryParam("job_id", id));
                    return builder.build();
                })
                .header(SlurmAuthInterceptor.USER_HEADER, statusUser)
                .retrieve()
                .body(JobStatesResponse.class));
        if (response == null || response.jobs() == null) {
            throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT,
                    "read job states: empty answer from slurmrestd", List.of(), null);
        }
        for (JobStatesResponse.Job job : response.jobs()) {
            states.put(job.jobId(), JobStatus.of(job.jobId(), job.state()));
        }
        return states;
    }

    @Override
    public Optional<JobStatus> job(long jobId, String user) {
        Optional<JobStatus> live = fromController(jobId, user);
        return live.isPresent() ? live : fromAccounting(jobId, user);
    }

    private Optional<JobStatus> fromController(long jobId, String user) {
        V0042OpenapiJobInfoResp response;
        try {
            response = new SlurmApi(client(user)).slurmV0042GetJob(Long.toString(jobId), null, null);
        } catch (RestClientResponseException e) {
            if (isUnknownJob(e)) {
                return Optional.empty();
            }
            throw SlurmErrors.from("read job " + jobId, e);
        } catch (RestClientException e) {
            throw SlurmErrors.from("read job " + jobId, e);
        }
        if (response == null || response.getJobs() == null || response.getJobs().isEmpty()) {
            return Optional.empty();
        }
        V0042JobInfo info = response.getJobs().get(0);
        List<String> state = info.getJobState() == null ? List.of()
                : info.getJobState().stream().map(value -> value.getValue()).toList();
        return Optional.of(status(jobId, state, info.getExitCode(), epoch(info.getStartTime()), epoch(info.getEndTime()),
                info.getNodes(), info.getStateReason()));
    }

    private Optional<JobStatus> fromAccounting(long jobId, String user) {
        V0042OpenapiSlurmdbdJobsResp response;
        try {
            response = new SlurmdbApi(client(user)).slurmdbV0042GetJob(Long.toString(jobId));
        } catch (RestClientResponseException e) {
            if (isUnknownJob(e)) {
                return Optional.empty();
            }
            throw SlurmErrors.from("read job " + jobId + " from accounting", e);
        } catch (RestClientException e) {
            throw SlurmErrors.from("read job " + jobId + " from accounting", e);
        }
        if (response == null || response.getJobs() == null || response.getJobs().isEmpty()) {
            return Optional.empty();
        }
        // A requeued job has one record per run: the latest run is the one that counts. Its restart count is
        // the highest (submission times of two runs can fall in the same second).
        V0042Job run = response.getJobs().stream()
                .filter(job -> job.getJobId() == null || job.getJobId() == jobId)
                .max(Comparator.comparing((V0042Job job) -> job.getRestartCnt() == null ? 0L : job.getRestartCnt())
                        .thenComparing(job -> job.getTime() == null || job.getTime().getSubmission() == null
                                ? 0L : job.getTime().getSubmission()))
                .orElse(null);
        if (run == null) {
            return Optional.empty();
        }
        List<String> state = run.getState() == null || run.getState().getCurrent() == null ? List.of()
                : run.getState().getCurrent().stream().map(value -> value.getValue()).toList();
        Instant started = run.getTime() == null ? null : epoch(run.getTime().getStart());
        Instant ended = run.getTime() == null ? null : epoch(run.getTime().getEnd());
        return Optional.of(status(jobId, state, run.getExitCode(), started, ended, run.getNodes(),
                run.getState() == null ? null : run.getState().getReason()));
    }

    @Override
    public void cancel(long jobId, String user) {
        try {
            new SlurmApi(client(user)).slurmV0042DeleteJob(Long.toString(jobId), null, null);
        } catch (RestClientResponseException e) {
            // A job slurmctld no longer knows needs no cancelling (as a finished one, which slurmrestd answers with 200).
            if (!isUnknownJob(e)) {
                throw SlurmErrors.from("cancel job " + jobId, e);
            }
        } catch (RestClientException e) {
            throw SlurmErrors.from("cancel job " + jobId, e);
        }
    }

    @Override
    public void ping() {
        var response = call("ping", () -> new SlurmApi(client(statusUser)).slurmV0042GetPing());
        throwIfErrors("ping", response.getErrors());
        // slurmrestd answers 200 even when slurmctld is down: it is the pings that tell.
        List<V0042ControllerPing> pings = response.getPings() == null ? List.of() : response.getPings();
        if (pings.stream().noneMatch(ping -> Boolean.TRUE.equals(ping.getResponding()))) {
            throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT, "ping failed: slurmctld does not respond ("
                    + String.join(", ", pings.stream().map(ping -> ping.getHostname() + " " + ping.getPinged()).toList())
                    + ")", List.of(), null);
        }
    }

    @Override
    public Optional<Long> findJobByComment(String user, String comment, Instant submittedSince) {
        // slurmctld first (it knows every job younger than MinJobAge), then accounting for older ones.
        V0042OpenapiJobInfoResp live = call("find job by comment",
                () -> new SlurmApi(client(user)).slurmV0042GetJobs(null, null));
        Optional<Long> found = live == null || live.getJobs() == null ? Optional.empty() : live.getJobs().stream()
                .filter(job -> JobTag.carriesTag(job.getComment(), comment) && user.equals(job.getUserName()))
                .map(V0042JobInfo::getJobId).max(Long::compare);
        if (found.isPresent()) {
            return found;
        }
        V0042OpenapiSlurmdbdJobsResp recorded = call("find job by comment in accounting",
                () -> new SlurmdbApi(client(user)).slurmdbV0042GetJobs(
                        // 30 filters unset, then start_time, node, users, wckey
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        Long.toString(submittedSince.getEpochSecond()), null, user, null));
        return recorded == null || recorded.getJobs() == null ? Optional.empty() : recorded.getJobs().stream()
                .filter(job -> job.getComment() != null && JobTag.carriesTag(job.getComment().getJob(), comment))
                .map(V0042Job::getJobId).max(Long::compare);
    }

    private static JobStatus status(long jobId, List<String> state, V0042ProcessExitCodeVerbose exit, Instant started,
                                    Instant ended, String nodes, String stateReason) {
        Integer exitCode = null;
        if (exit != null && exit.getReturnCode() != null && Boolean.TRUE.equals(exit.getReturnCode().getSet())) {
            exitCode = exit.getReturnCode().getNumber() == null ? null : exit.getReturnCode().getNumber().intValue();
        }
        return new JobStatus(jobId, SlurmJobState.fromSlurm(state), state, state.contains("COMPLETING"), exitCode,
                started, ended, nodes, stateReason);
    }

    private static Instant epoch(V0042Uint64NoValStruct value) {
        return value != null && Boolean.TRUE.equals(value.getSet()) && value.getNumber() != null && value.getNumber() > 0
                ? Instant.ofEpochSecond(value.getNumber()) : null;
    }

    private static Instant epoch(Long seconds) {
        return seconds != null && seconds > 0 ? Instant.ofEpochSecond(seconds) : null;
    }

    static Long number(V0042Uint32NoValStruct value) {
        return value != null && Boolean.TRUE.equals(value.getSet()) ? value.getNumber() : null;
    }

    /** slurmctld answers an unknown (or purged) job id with error 2017 "Invalid job id specified". */
    private static boolean isUnknownJob(RestClientResponseException e) {
        return e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()
                || SlurmErrors.parse(e.getResponseBodyAsString()).stream()
                .anyMatch(error -> Integer.valueOf(2017).equals(error.number()));
    }

    private static void throwIfErrors(String operation, List<V0042OpenapiError> errors) {
        if (errors != null && !errors.isEmpty()) {
            throw SlurmErrors.fromErrors(operation, errors.stream()
                    .map(error -> new SlurmErrors.SlurmError(error.getErrorNumber() == null ? null
                            : error.getErrorNumber().intValue(), error.getError(), error.getDescription()))
                    .toList());
        }
    }

    private static <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (RestClientException e) {
            throw SlurmErrors.from(operation, e);
        }
    }

    /** One generated client per Slurm user: its only default header is the user name, never a token. */
    private ApiClient client(String user) {
        return clientsByUser.computeIfAbsent(user, name -> {
            ApiClient client = new ApiClient(restClient, mapper, ApiClient.createDefaultDateFormat());
            client.setBasePath(baseUrl);
            client.addDefaultHeader(SlurmAuthInterceptor.USER_HEADER, name);
            return client;
        });
    }
}
