package io.longrun.adapter.out.slurm.rest;

import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Adds the token for the user named in {@code X-SLURM-USER-NAME} at the moment the request leaves, so a
 * token is never stored in a client's default headers and a renewed one is used as soon as it exists.
 */
final class SlurmAuthInterceptor implements ClientHttpRequestInterceptor {
    static final String USER_HEADER = "X-SLURM-USER-NAME";
    static final String TOKEN_HEADER = "X-SLURM-USER-TOKEN";

    private final SlurmTokens tokens;

    SlurmAuthInterceptor(SlurmTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String user = request.getHeaders().getFirst(USER_HEADER);
        if (user != null && !request.getHeaders().containsHeader(TOKEN_HEADER)) {
            request.getHeaders().set(TOKEN_HEADER, tokens.tokenFor(user));
        }
        return execution.execute(request, body);
    }
}
