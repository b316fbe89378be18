package io.longrun.adapter.in.web.security;

import com.nimbusds.jwt.JWTParser;
import io.longrun.application.port.in.Caller;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates bearer tokens of both kinds: an HS-signed token is Slurm's ({@code scontrol token}, checked with
 * the cluster key), any other a token of the site's OpenID Connect provider. Either names a Unix user, who
 * becomes the caller.
 */
final class BearerTokens implements AuthenticationManager {
    private static final Logger log = LoggerFactory.getLogger(BearerTokens.class);
    /** What Slurm and the OS accept as a user name; anything else in a token is refused, not passed on. */
    static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    private final JwtDecoder slurm;
    private final JwtDecoder oidc;
    private final SecurityProperties.Oidc oidcSettings;
    private final Set<String> admins;

    /**
     * @param slurm null when Slurm tokens are not accepted
     * @param oidc  null when no OpenID Connect provider is configured
     */
    BearerTokens(JwtDecoder slurm, JwtDecoder oidc, SecurityProperties.Oidc oidcSettings, Set<String> admins) {
        this.slurm = slurm;
        this.oidc = oidc;
        this.oidcSettings = oidcSettings;
        this.admins = admins;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        String algorithm;
        try {
            algorithm = JWTParser.parse(token).getHeader().getAlgorithm().getName();
        } catch (ParseException | RuntimeException notAJwt) {
            throw new InvalidBearerTokenException("the bearer token is not a JWT");
        }
        if (algorithm.startsWith("HS")) {
            if (slurm == null) {
                throw new InvalidBearerTokenException("Slurm tokens are not accepted here");
            }
            Jwt jwt = decode(slurm, token);
            String user = unixUser(jwt.getClaimAsString("sun"), "sun");
            return new CallerAuthentication(Caller.user(user, admins.contains(user)), "slurm-token");
        }
        if (oidc == null) {
            throw new InvalidBearerTokenException("no OpenID Connect provider is configured");
        }
        Jwt jwt = decode(oidc, token);
        String user = unixUser(jwt.getClaimAsString(oidcSettings.usernameClaim()), oidcSettings.usernameClaim());
        List<String> groups = jwt.hasClaim(oidcSettings.groupsClaim())
                ? jwt.getClaimAsStringList(oidcSettings.groupsClaim()) : List.of();
        boolean admin = admins.contains(user)
                || (groups != null && groups.stream().anyMatch(oidcSettings.adminGroups()::contains));
        return new CallerAuthentication(Caller.user(user, admin), "oidc");
    }

    private static Jwt decode(JwtDecoder decoder, String token) {
        try {
            return decoder.decode(token);
        } catch (BadJwtException invalid) {
            throw new InvalidBearerTokenException(invalid.getMessage(), invalid);
        } catch (JwtException cannotCheck) {
            // The provider's keys or the cluster key are out of reach: the token cannot be trusted either way.
            log.warn("A bearer token could not be checked: {}", cannotCheck.getMessage());
            throw new InvalidBearerTokenException("the token cannot be checked now", cannotCheck);
        }
    }

    private static String unixUser(String value, String claim) {
        if (value == null || !UNIX_USER.matcher(value).matches()) {
            throw new InvalidBearerTokenException("the token's " + claim + " claim is not a Unix user name");
        }
        return value;
    }
}
