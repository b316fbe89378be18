package io.longrun.adapter.out.slurm.rest;

import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
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
 * text 400).
 */
final class SlurmErrors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlurmErrors() {
    }

    static SlurmGatewayException from(String operation, RestClientException failure) {
        if (failure instanceof RestClientResponseException response) {
            List<SlurmError> errors = parse(response.getResponseBodyAsString());
            Kind kind = classify(response.getStatusCode(), errors);
            String summary = errors.isEmpty()
                    ? "HTTP " + response.getStatusCode().value() + ": " + abbreviate(response.getResponseBodyAsString())
                    : String.join("; ", errors.stream().map(SlurmError::toString).toList());
            return new SlurmGatewayException(kind, operation + " failed: " + summary,
                    errors.stream().map(SlurmError::toString).toList(), failure);
        }
        if (failure instanceof ResourceAccessException) {
            return new SlurmGatewayException(Kind.TRANSIENT, operation + " failed: slurmrestd unreachable ("
                    + failure.getMostSpecificCause().getMessage() + ")", List.of(), failure);
        }
        return new SlurmGatewayException(Kind.TRANSIENT, operation + " failed: " + failure.getMessage(), List.of(),
                failure);
    }

    /** An answer with HTTP 200 can still carry errors (e.g. a submit that slurmctld refused). */
    static SlurmGatewayException fromErrors(String operation, List<SlurmError> errors) {
        return new SlurmGatewayException(classify(HttpStatusCode.valueOf(200), errors),
                operation + " failed: " + String.join("; ", errors.stream().map(SlurmError::toString).toList()),
                errors.stream().map(SlurmError::toString).toList(), null);
    }

    /**
     * Communication and protocol errors, and limits that lift by themselves, are transient; anything else
     * Slurm named is permanent. Authentication failures are transient: they are Longrun's configuration
     * (a wrong key) and must not fail every chain while an operator fixes it.
     */
    static Kind classify(HttpStatusCode status, List<SlurmError> errors) {
        if (status.value() == 401 || status.value() == 403 || status.value() == 429) {
            return Kind.TRANSIENT;
        }
        if (errors.isEmpty()) {
            return status.is5xxServerError() ? Kind.TRANSIENT : Kind.PERMANENT;
        }
        boolean allTransient = errors.stream().allMatch(error -> isTransient(error.number()));
        return allTransient ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    private static boolean isTransient(Integer number) {
        if (number == null) {
            return false;
        }
        return (number >= 1000 && number < 2000)      // SLURMCTLD_COMMUNICATIONS_* errors
                || (number >= 5000 && number < 6000)  // SLURM_PROTOCOL_* / socket timeouts
                || number == 2050                     // ESLURM_ACCOUNTING_POLICY: a submit limit, lifts later
                || number == 2031                     // ESLURM_TRANSITION_STATE_NO_UPDATE
                || number == 11;                      // EAGAIN: slurmctld busy
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
