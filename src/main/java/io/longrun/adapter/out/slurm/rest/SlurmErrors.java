package io.longrun.adapter.out.slurm.rest;

import io.longrun.adapter.out.slurm.SlurmErrorKinds;
import io.longrun.adapter.out.slurm.SlurmUnreachableException;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what slurmrestd answered into a {@link SlurmGatewayException} the engine can act on. Bodies are
 * JSON with an {@code errors} array most of the time, but not always (a query it cannot parse is a plain
 * text 400, a proxy in front of it answers in HTML).
 */
final class SlurmErrors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlurmErrors() {
    }

    static SlurmGatewayException from(String operation, RestClientException failure) {
        if (failure instanceof RestClientResponseException response) {
            String body = response.getResponseBodyAsString();
            List<SlurmError> errors = parse(body);
            int status = response.getStatusCode().value();
            if (errors.isEmpty() && (status == 502 || status == 503 || status == 504) && !isJson(body)) {
                // Not slurmrestd's own answer (it always sends JSON errors with a 5xx): a proxy says it is away.
                return new SlurmUnreachableException(operation + " failed: slurmrestd unreachable (HTTP " + status
                        + ": " + abbreviate(body) + ")", true, failure);
            }
            Kind kind = classify(response.getStatusCode(), errors);
            String summary = errors.isEmpty()
                    ? "HTTP " + status + ": " + abbreviate(body)
                    : String.join("; ", errors.stream().map(SlurmError::toString).toList());
            return new SlurmGatewayException(kind, SlurmErrorKinds.message(operation, kind, summary),
                    errors.stream().map(SlurmError::toString).toList(), failure);
        }
        if (failure instanceof ResourceAccessException) {
            return new SlurmUnreachableException(operation + " failed: slurmrestd unreachable (" + describe(failure)
                    + ")", mayHaveArrived(failure), failure);
        }
        return new SlurmGatewayException(Kind.TRANSIENT, operation + " failed: " + failure.getMessage(), List.of(),
                failure);
    }

    /** An answer with HTTP 200 can still carry errors (e.g. a cancel that slurmctld refused). */
    static SlurmGatewayException fromErrors(String operation, List<SlurmError> errors) {
        Kind kind = classify(HttpStatusCode.valueOf(200), errors);
        return new SlurmGatewayException(kind,
                SlurmErrorKinds.message(operation, kind, String.join("; ", errors.stream().map(SlurmError::toString).toList())),
                errors.stream().map(SlurmError::toString).toList(), null);
    }

    /**
     * Communication errors, a busy slurmctld and submit limits can be waited out; anything else Slurm named
     * is permanent. Authentication failures are transient: they are Longrun's configuration (a wrong key) and
     * must not fail every chain while an operator fixes it.
     */
    static Kind classify(HttpStatusCode status, List<SlurmError> errors) {
        if (status.value() == 401 || status.value() == 403 || status.value() == 429) {
            return Kind.TRANSIENT;
        }
        return SlurmErrorKinds.classify(errors.stream()
                        .map(error -> new SlurmErrorKinds.Error(error.number(), error.error() != null
                                ? error.error() + " " + (error.description() == null ? "" : error.description())
                                : error.description()))
                        .toList(),
                status.is5xxServerError() ? Kind.TRANSIENT : Kind.PERMANENT);
    }

    /** The network failure in words: the JDK client's ConnectException has no message, its name says enough. */
    private static String describe(Throwable failure) {
        Throwable named = failure.getCause() == null ? failure : failure.getCause();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof java.net.http.HttpTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
                named = cause;
                break;
            }
        }
        return named.getMessage() == null ? named.getClass().getSimpleName()
                : named.getClass().getSimpleName() + ": " + named.getMessage();
    }

    /** A connection that was never made carried nothing; a timeout after sending may have delivered the request. */
    private static boolean mayHaveArrived(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException) {
                return false;
            }
        }
        return true;
    }

    static List<SlurmError> parse(String body) {
        List<SlurmError> errors = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return errors;
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode error : root.path("errors")) {
                errors.add(new SlurmError(error.path("error_number").isNumber() ? error.path("error_number").asInt() : null,
                        error.path("error").asString(null), error.path("description").asString(null)));
            }
        } catch (RuntimeException notJson) {
            // Plain text: the caller reports the body itself.
        }
        return errors;
    }

    private static boolean isJson(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            return JSON.readTree(body).isObject();
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    record SlurmError(Integer number, String error, String description) {
        @Override
        public String toString() {
            String text = error != null && !error.isBlank() ? error : description;
            if (error != null && description != null && !description.isBlank() && !description.equals(error)) {
                text = description + ": " + error;
            }
            return number == null ? String.valueOf(text) : text + " (error " + number + ")";
        }
    }
}
