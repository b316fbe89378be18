package io.longrun.adapter.in.web;

class MissingFieldException extends RuntimeException {
    private final String field;

    MissingFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
