package io.longrun.adapter.in.web.security;

import io.longrun.application.port.in.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated request: the caller, and how it proved who it is. Holds no credential. */
final class CallerAuthentication extends AbstractAuthenticationToken {
    private final Caller caller;
    private final String method;

    CallerAuthentication(Caller caller, String method) {
        super(caller.admin() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of());
        this.caller = caller;
        this.method = method;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.name();
    }

    /** {@code slurm-token}, {@code oidc} or {@code api-key}. */
    String method() {
        return method;
    }
}
