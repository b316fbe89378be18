package io.longrun.adapter.in.web.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code longrun.security.*}: who may call the API. The modes combine: a request authenticates with whichever
 * credential it carries. No secret is ever a value here, only where to find it (a file) or its hash.
 *
 * @param enabled false lets every request through as an admin that may submit as anyone (a trusted network)
 * @param admins  principals (Unix users, API key names) that see and manage every chain
 */
@Validated
@ConfigurationProperties("longrun.security")
public record SecurityProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue List<String> admins,
                                 @Valid @NotNull @DefaultValue Oidc oidc,
                                 @Valid @NotNull @DefaultValue Slurm slurm,
                                 @Valid @DefaultValue List<ApiKey> apiKeys) {

    public SecurityProperties {
        admins = admins == null ? List.of() : List.copyOf(admins);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /**
     * Bearer JWTs from the site's OpenID Connect provider; on when an issuer or a JWK set URI is set.
     *
     * @param issuerUri     the issuer: tokens must carry it as {@code iss}; its discovery document names the
     *                      keys unless {@code jwkSetUri} is set
     * @param jwkSetUri     where the provider's signing keys are
     * @param audiences     a token must name one of them in {@code aud} (empty: not checked)
     * @param usernameClaim the claim that holds the Unix (Slurm) user
     * @param groupsClaim   the claim that lists the user's groups
     * @param adminGroups   members of these groups are admins
     */
    public record Oidc(URI issuerUri, URI jwkSetUri, @DefaultValue List<String> audiences,
                       @NotBlank @DefaultValue("preferred_username") String usernameClaim,
                       @NotBlank @DefaultValue("groups") String groupsClaim,
                       @DefaultValue List<String> adminGroups) {
        public Oidc {
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
            adminGroups = adminGroups == null ? List.of() : List.copyOf(adminGroups);
        }

        public boolean enabled() {
            return issuerUri != null || jwkSetUri != null;
        }
    }

    /**
     * Slurm's own HS256 tokens ({@code scontrol token}), checked with the cluster's key; {@code sun} is the user.
     *
     * @param enabled accept them
     * @param keyFile the cluster's {@code jwt_hs256.key} (the same file slurmctld uses)
     */
    public record Slurm(@DefaultValue("true") boolean enabled,
                        @DefaultValue("/var/lib/longrun/slurm-dev/etc/slurm/jwt_hs256.key") Path keyFile) {
    }

    /**
     * A static API key for automation (header {@code X-API-Key}). The key itself is never configuration: give
     * the file that holds it or the hex SHA-256 of it ({@code printf %s "$key" | sha256sum}).
     *
     * @param name    the principal the key authenticates
     * @param keyFile a file holding the key (surrounding whitespace ignored)
     * @param sha256  the key's SHA-256, hex
     * @param users   the Slurm users it may act for (see their chains, submit as them)
     * @param admin   sees and manages every chain
     */
    public record ApiKey(@NotBlank String name, Path keyFile,
                         @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
                         @DefaultValue List<String> users,
                         @DefaultValue("false") boolean admin) {
        public ApiKey {
            users = users == null ? List.of() : List.copyOf(users);
            if ((keyFile == null) == (sha256 == null)) {
                throw new IllegalArgumentException("API key '" + name + "': give exactly one of key-file and sha256");
            }
        }
    }
}
