package io.longrun.adapter.in.web.security;

import io.longrun.application.port.in.Caller;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The caller of the request being served, for the controllers: the only bridge from Spring Security. */
@Component
public class CurrentCaller {
    private final boolean securityEnabled;

    CurrentCaller(SecurityProperties properties) {
        this.securityEnabled = properties.enabled();
    }

    public Caller get() {
        if (!securityEnabled) {
            return Caller.unauthenticated();
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication known) {
            return known.getPrincipal();
        }
        throw new AuthenticationCredentialsNotFoundException("no authenticated caller");
    }
}
