package io.longrun.adapter.in.web;

import io.longrun.application.port.out.ChainQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code pageToken} of {@code GET /chains}: where the previous page ended (the last chain's creation time and
 * id) and in which order, base64url-encoded. Opaque to clients; it carries no filter, so it reveals nothing but a
 * position in a listing the caller was allowed to read. A token of the other order is refused, not misread.
 */
final class PageTokens {
    private static final String VERSION = "1";

    private PageTokens() {
    }

    static String encode(boolean oldestFirst, ChainQuery.Position last) {
        String plain = String.join("|", VERSION, oldestFirst ? "asc" : "desc",
                Long.toString(last.createdAt().getEpochSecond()), Integer.toString(last.createdAt().getNano()),
                last.id().toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws InvalidRequestException when the token is not one Longrun issued for this order */
    static ChainQuery.Position decode(String token, boolean oldestFirst) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split("\\|", -1);
        } catch (IllegalArgumentException notBase64) {
            throw invalid("not a page token of this API");
        }
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw invalid("not a page token of this API");
        }
        if (!parts[1].equals(oldestFirst ? "asc" : "desc")) {
            throw invalid("this token continues a listing with sort=" + (oldestFirst ? "-createdAt" : "createdAt"));
        }
        try {
            return new ChainQuery.Position(Instant.ofEpochSecond(Long.parseLong(parts[2]), Integer.parseInt(parts[3])),
                    UUID.fromString(parts[4]));
        } catch (RuntimeException malformed) {
            throw invalid("not a page token of this API");
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(List.of(Map.of("field", "pageToken", "message", message)));
    }
}
