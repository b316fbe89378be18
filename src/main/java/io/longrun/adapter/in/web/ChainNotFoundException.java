package io.longrun.adapter.in.web;

import java.util.UUID;

class ChainNotFoundException extends RuntimeException {
    ChainNotFoundException(UUID id) {
        super("no chain " + id);
    }
}
