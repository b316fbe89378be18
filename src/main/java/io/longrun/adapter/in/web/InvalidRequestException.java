package io.longrun.adapter.in.web;

import java.util.List;
import java.util.Map;

/** Field errors found before the request reaches the use cases: nothing is stored for it. */
class InvalidRequestException extends RuntimeException {
    private final List<Map<String, String>> errors;

    InvalidRequestException(List<Map<String, String>> errors) {
        super(String.join("; ", errors.stream().map(error -> error.get("field") + ": " + error.get("message"))
                .toList()));
        this.errors = List.copyOf(errors);
    }

    List<Map<String, String>> errors() {
        return errors;
    }
}
