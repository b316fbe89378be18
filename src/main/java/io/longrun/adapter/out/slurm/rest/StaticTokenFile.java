package io.longrun.adapter.out.slurm.rest;

import io.longrun.application.port.out.SlurmGatewayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * One token for every user, read from a file (e.g. SlurmUser's token from {@code scontrol token username=slurm},
 * mounted from a Kubernetes Secret). slurmrestd then acts for the user named in {@code X-SLURM-USER-NAME}. The
 * file is read again when its modification time or size changes (one {@code stat} per request), so a rotated
 * token is used without a restart. The token stays in this object; {@link #toString()} never shows it.
 */
public final class StaticTokenFile implements SlurmTokens {
    private static final String SCONTROL_PREFIX = "SLURM_JWT=";

    private final Path file;
    private volatile Loaded loaded;

    public StaticTokenFile(Path file) {
        this.file = file;
    }

    @Override
    public String tokenFor(String user) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw unreadable(e);
        }
        Loaded current = loaded;
        if (current == null || !current.sameFile(attributes)) {
            current = load(attributes);
            loaded = current;
        }
        return current.token();
    }

    private synchronized Loaded load(BasicFileAttributes attributes) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw unreadable(e);
        }
        // The output of 'scontrol token' can be used as it is.
        if (text.startsWith(SCONTROL_PREFIX)) {
            text = text.substring(SCONTROL_PREFIX.length()).strip();
        }
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT,
                    "the Slurm token file " + file + " does not hold one token", List.of(), null);
        }
        return new Loaded(text, attributes.lastModifiedTime(), attributes.size());
    }

    private SlurmGatewayException unreadable(IOException e) {
        // A configuration problem, not the chain's: transient, so chains wait while an operator fixes it.
        return new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT,
                "cannot read the Slurm token file " + file + " (" + e.getClass().getSimpleName() + ")", List.of(), null);
    }

    @Override
    public String toString() {
        return "StaticTokenFile[file=" + file + "]";
    }

    private record Loaded(String token, FileTime modified, long size) {
        boolean sameFile(BasicFileAttributes attributes) {
            return modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }

        @Override
        public String toString() {
            return "Loaded[modified=" + modified + "]";
        }
    }
}
