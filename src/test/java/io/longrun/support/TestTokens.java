package io.longrun.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Real tokens for the authentication tests: Slurm HS256 tokens and the tokens of a test OpenID Connect provider. */
public final class TestTokens {
    /** The test cluster key (32 random bytes, test-only), as {@code longrun.security.slurm.key-file}. */
    public static final Path SLURM_KEY_FILE = Path.of("src/test/resources/security/slurm-test.key");
    public static final String ISSUER = "https://idp.example.org/realms/hpc";
    public static final String AUDIENCE = "longrun";

    private TestTokens() {
    }

    public static byte[] slurmKey() {
        try {
            return Files.readAllBytes(SLURM_KEY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code scontrol token} prints, signed with the test cluster key. */
    public static String slurm(String user) {
        return slurm(slurmKey(), user, Instant.now().plus(Duration.ofMinutes(30)));
    }

    public static String slurm(byte[] key, String user, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(30)))).expirationTime(Date.from(expires));
        if (user != null) {
            claims.claim("sun", user);
        }
        try {
            return sign(new MACSigner(key), new JWSHeader(JWSAlgorithm.HS256), claims.build());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test OpenID Connect provider: one RSA key pair and its JWK set. */
    public static final class Idp {
        private final RSAKey key;

        public Idp(String keyId) {
            try {
                this.key = new RSAKeyGenerator(2048).keyID(keyId).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        public String jwkSetJson() {
            return new JWKSet(key.toPublicJWK()).toString();
        }

        public String token(String user) {
            return token(Map.of("preferred_username", user), AUDIENCE, ISSUER, Instant.now().plusSeconds(600));
        }

        public String token(Map<String, Object> extraClaims, String audience, String issuer, Instant expires) {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("sub-" + extraClaims
                            .getOrDefault("preferred_username", "x")).audience(List.of(audience))
                    .issueTime(Date.from(expires.minusSeconds(900))).expirationTime(Date.from(expires));
            extraClaims.forEach(claims::claim);
            try {
                return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                        .build(), claims.build());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
