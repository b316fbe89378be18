package io.longrun.application.port.in;

import java.util.Objects;
import java.util.Set;

/**
 * Who calls the API, as the use cases need to know it: a principal name (for audit and idempotency keys), the
 * Slurm users it may act for, and whether it is an admin (sees and manages every chain).
 *
 * @param name         the authenticated principal (a Unix user, or an API key's configured name)
 * @param slurmUsers   the Slurm users whose chains it owns and as whom it may submit
 * @param anySlurmUser may submit as any Slurm user (only when authentication is switched off)
 * @param admin        sees and manages every chain, but submits only as its own Slurm users
 */
public record Caller(String name, Set<String> slurmUsers, boolean anySlurmUser, boolean admin) {
    public Caller {
        Objects.requireNonNull(name, "name");
        slurmUsers = Set.copyOf(slurmUsers);
    }

    /** A person calling with their own credentials (a Slurm or OIDC token): acts for themselves only. */
    public static Caller user(String unixUser, boolean admin) {
        return new Caller(unixUser, Set.of(unixUser), false, admin);
    }

    /** Authentication switched off: the network is trusted, as before authentication existed. */
    public static Caller unauthenticated() {
        return new Caller("anonymous", Set.of(), true, true);
    }

    public boolean maySubmitAs(String slurmUser) {
        return anySlurmUser || slurmUsers.contains(slurmUser);
    }

    public boolean sees(String chainUser) {
        return admin || slurmUsers.contains(chainUser);
    }
}
