package io.longrun.adapter.in.web.security;

import io.longrun.application.port.in.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys, kept as SHA-256 hashes only: a presented key is hashed and compared in constant time
 * with each, so neither the keys nor their comparison leak.
 */
final class ApiKeys {
    private final List<Entry> entries;

    private record Entry(byte[] sha256, Caller caller) {
        @Override
        public String toString() {
            return "API key of " + caller.name();
        }
    }

    ApiKeys(List<SecurityProperties.ApiKey> keys, Set<String> admins) {
        this.entries = keys.stream().map(key -> new Entry(expectedHash(key),
                new Caller(key.name(), new HashSet<>(key.users()), false,
                        key.admin() || admins.contains(key.name())))).toList();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Optional<Caller> authenticate(String presented) {
        byte[] hash = sha256(presented.strip());
        Caller found = null;
        for (Entry entry : entries) {
            // No early exit: every key is compared, whichever matches.
            if (MessageDigest.isEqual(entry.sha256(), hash)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] expectedHash(SecurityProperties.ApiKey key) {
        if (key.sha256() != null) {
            return HexFormat.of().parseHex(key.sha256().toLowerCase());
        }
        try {
            String secret = Files.readString(key.keyFile(), StandardCharsets.UTF_8).strip();
            if (secret.length() < 16) {
                throw new IllegalStateException("API key '" + key.name() + "': the key in " + key.keyFile()
                        + " is shorter than 16 characters");
            }
            return sha256(secret);
        } catch (IOException e) {
            // Only the path and the kind of failure: never the content.
            throw new IllegalStateException("API key '" + key.name() + "': cannot read " + key.keyFile() + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
