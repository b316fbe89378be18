package io.longrun.adapter.in.web;

import io.longrun.application.port.in.ChainConflictException;
import io.longrun.application.port.in.InvalidPolicyException;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.InvalidSbatchScriptException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as RFC 9457 problem details, with a stable type per kind of problem. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidSbatchScriptException.class)
    ProblemDetail invalidScript(InvalidSbatchScriptException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_SCRIPT, "Invalid batch script",
                e.getMessage());
        e.line().ifPresent(line -> problem.setProperty("line", line));
        return problem;
    }

    @ExceptionHandler(InvalidSbatchOptionException.class)
    ProblemDetail invalidOption(InvalidSbatchOptionException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_SBATCH_OPTION,
                "Invalid sbatch option", e.getMessage());
        problem.setProperty("option", e.option());
        e.line().ifPresent(line -> problem.setProperty("line", line));
        return problem;
    }

    @ExceptionHandler(InvalidPolicyException.class)
    ProblemDetail invalidPolicy(InvalidPolicyException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                "policy: " + e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", "policy", "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(MissingFieldException.class)
    ProblemDetail missingField(MissingFieldException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                e.field() + ": " + e.getMessage());
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    @ExceptionHandler(ChainNotFoundException.class)
    ProblemDetail notFound(ChainNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, ProblemTypes.CHAIN_NOT_FOUND, "Chain not found", e.getMessage());
    }

    @ExceptionHandler(ChainConflictException.class)
    ProblemDetail conflict(ChainConflictException e) {
        return problem(HttpStatus.CONFLICT, ProblemTypes.CHAIN_CONFLICT, "Not possible in the chain's state",
                e.getMessage());
    }

    @ExceptionHandler(SlurmGatewayException.class)
    ProblemDetail slurm(SlurmGatewayException e) {
        ProblemDetail problem = problem(e.isTransient() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
                ProblemTypes.SLURM_UNAVAILABLE, "Slurm could not do it", e.getMessage());
        problem.setProperty("slurmErrors", e.slurmErrors());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        String detail = errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                detail);
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
