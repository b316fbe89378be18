package io.longrun.adapter.in.web.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Checks Slurm's own tokens ({@code scontrol token}: HS256, claims {@code sun}, {@code iat}, {@code exp}) with
 * the cluster's key file. The key is read on first use and kept, so Longrun may start before the cluster
 * exists; until the file is readable every Slurm token is refused. The key never leaves this object.
 */
final class SlurmTokenDecoder implements JwtDecoder {
    private static final Logger log = LoggerFactory.getLogger(SlurmTokenDecoder.class);

    private final Path keyFile;
    private volatile JwtDecoder decoder;

    SlurmTokenDecoder(Path keyFile) {
        this.keyFile = keyFile;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        return decoder().decode(token);
    }

    private JwtDecoder decoder() {
        JwtDecoder loaded = decoder;
        if (loaded == null) {
            byte[] key;
            try {
                key = Files.readAllBytes(keyFile);
            } catch (IOException e) {
                log.warn("Slurm tokens cannot be checked: cannot read the key file {} ({})", keyFile,
                        e.getClass().getSimpleName());
                throw new JwtException("Slurm tokens cannot be checked: the cluster key is not readable");
            }
            if (key.length < 32) {
                // HS256 needs 256 bits; Slurm's documentation creates the key with 32 random bytes.
                throw new JwtException("Slurm tokens cannot be checked: the cluster key is shorter than 32 bytes");
            }
            NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
            nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(
                    new JwtTimestampValidator(),
                    // scontrol always sets both; a token without an expiry would be valid forever.
                    new JwtClaimValidator<Object>("exp", exp -> exp != null),
                    new JwtClaimValidator<Object>("sun", sun -> sun instanceof String s && !s.isBlank()))));
            decoder = loaded = nimbus;
        }
        return loaded;
    }

    @Override
    public String toString() {
        return "Slurm token decoder (key file " + keyFile + ")";
    }
}
