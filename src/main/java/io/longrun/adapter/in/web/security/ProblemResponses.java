package io.longrun.adapter.in.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 from the security filters as RFC 9457 problems, like every other error of the API. The 401 keeps
 * the {@code WWW-Authenticate} challenges (RFC 6750 for bearer tokens, and the API key header when keys exist).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
    static final String UNAUTHENTICATED = "urn:longrun:problem:unauthenticated";
    static final String FORBIDDEN = "urn:longrun:problem:forbidden";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final boolean apiKeys;

    ProblemResponses(boolean apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearer.commence(request, response, failure);
        if (apiKeys) {
            response.addHeader("WWW-Authenticate", "ApiKey header=\"X-API-Key\"");
        }
        String detail = failure.getMessage() == null || failure.getMessage().startsWith("Full authentication")
                ? "send a bearer token (Slurm or OpenID Connect) or an API key" : failure.getMessage();
        write(request, response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Authentication required", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", "not allowed for this caller");
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                              String type, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
