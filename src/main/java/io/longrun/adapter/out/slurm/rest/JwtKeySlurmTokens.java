package io.longrun.adapter.out.slurm.rest;

import io.longrun.application.port.out.SlurmGatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints HS256 tokens as {@code scontrol token} does (claims {@code sun}, {@code iat}, {@code exp}), signed
 * with the cluster's {@code jwt_hs256.key}. The key stays in this object; {@link #toString()} never shows it.
 */
public final class JwtKeySlurmTokens implements SlurmTokens {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final Path keyFile;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Minted> cache = new ConcurrentHashMap<>();
    private volatile byte[] key;

    public JwtKeySlurmTokens(Path keyFile, Duration lifetime, Clock clock) {
        this.keyFile = keyFile;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public String tokenFor(String user) {
        Instant now = clock.instant();
        return cache.compute(user, (name, minted) ->
                minted != null && minted.freshAt(now, lifetime) ? minted : mint(name, now)).token();
    }

    private Minted mint(String user, Instant now) {
        Instant expires = now.plus(lifetime);
        String payload = "{\"exp\":" + expires.getEpochSecond() + ",\"iat\":" + now.getEpochSecond()
                + ",\"sun\":\"" + user.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        String unsigned = HEADER + "." + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            String signature = BASE64URL.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
            return new Minted(unsigned + "." + signature, expires);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a Slurm token with HmacSHA256", e);
        }
    }

    private byte[] key() {
        byte[] loaded = key;
        if (loaded == null) {
            // A configuration problem, not the chain's: transient, so chains wait while an operator fixes it.
            try {
                loaded = Files.readAllBytes(keyFile);
            } catch (IOException e) {
                throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT, "cannot read the Slurm JWT key file "
                        + keyFile + " (" + e.getClass().getSimpleName() + ")", List.of(), null);
            }
            if (loaded.length < 16) {
                throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT, "the Slurm JWT key file " + keyFile
                        + " is too short to be a key", List.of(), null);
            }
            key = loaded;
        }
        return loaded;
    }

    @Override
    public String toString() {
        return "JwtKeySlurmTokens[keyFile=" + keyFile + ", lifetime=" + lifetime + "]";
    }

    private record Minted(String token, Instant expires) {
        boolean freshAt(Instant now, Duration lifetime) {
            return now.isBefore(expires.minus(lifetime.dividedBy(5)));
        }

        @Override
        public String toString() {
            return "Minted[expires=" + expires + "]";
        }
    }
}
