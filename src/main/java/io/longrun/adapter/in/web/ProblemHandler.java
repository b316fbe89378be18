package io.longrun.adapter.in.web;

import io.longrun.application.port.in.CallerNotAllowedException;
import io.longrun.application.port.in.ChainConflictException;
import io.longrun.application.port.in.IdempotencyConflictException;
import io.longrun.application.port.in.MissingUserException;
import io.longrun.application.port.in.InvalidPolicyException;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.InvalidSbatchScriptException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as RFC 9457 problem details, with a stable type per kind of problem. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

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
        return invalidField("policy", e.getMessage());
    }

    @ExceptionHandler(MissingUserException.class)
    ProblemDetail missingUser(MissingUserException e) {
        return invalidField("user", e.getMessage());
    }

    /** A 400 about one field of the request, with that field in the {@code errors} member. */
    private static ProblemDetail invalidField(String field, String message) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                field + ": " + message);
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(CallerNotAllowedException.class)
    ProblemDetail forbidden(CallerNotAllowedException e) {
        return problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(IdempotencyConflictException.class)
    ProblemDetail idempotency(IdempotencyConflictException e) {
        return e.differentRequest()
                ? problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key used for a different request", e.getMessage())
                : problem(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_USE, "Idempotency-Key in use",
                e.getMessage());
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

    /** A query or header parameter outside the contract's bounds (e.g. {@code limit} above 500). */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(violation -> Map.of("field", lastNode(violation.getPropertyPath().toString()),
                        "message", violation.getMessage()))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                String.join("; ", errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                        .toList()));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Anything else is Longrun's fault: a 500 problem, logged; security's own exceptions go to its handlers. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) throws Exception {
        if (e instanceof AuthenticationException || e instanceof AccessDeniedException) {
            throw e;
        }
        log.error("Unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
                "Longrun failed to serve the request; the error is logged");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimitFilter.TooLargeException tooLarge) {
                return handleExceptionInternal(ex, problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                        "Request body too large", tooLarge.getMessage()), headers, HttpStatus.CONTENT_TOO_LARGE,
                        request);
            }
        }
        // Jackson's message may quote the body: name the kind of mistake only.
        String detail = ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")
                ? "the request body is missing" : "the request body is not valid JSON of the expected shape";
        return handleExceptionInternal(ex, problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
                "Invalid request", detail), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Spring's own problems (415, 405, type mismatches, …) get a stable type instead of about:blank. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse errorResponse) {
            body = errorResponse.getBody();
        }
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
            problem.setType(switch (statusCode.value()) {
                case 400 -> ProblemTypes.INVALID_REQUEST;
                case 404 -> ProblemTypes.NOT_FOUND;
                case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
                case 406 -> ProblemTypes.NOT_ACCEPTABLE;
                case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
                case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
                default -> problem.getType();
            });
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
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
