package io.longrun.application.port.out;

/**
 * Makes every commit so far survive the process being killed. A database that writes each commit out as it happens
 * (PostgreSQL) has nothing to do here; an embedded one that writes its commits out in the background (H2 with a
 * write delay) writes them now. Called before Longrun asks Slurm to act on a decision (a submission claimed in the
 * database, a cancel) and before the API answers a change, so neither is ever forgotten by a killed process; the
 * engine's own observations (a job started, ended) need not wait for it, since Slurm tells them again.
 */
public interface CommitDurability {

    /** Returns when everything committed before the call is on disk (as a kill, not a power cut, needs). */
    void awaitDurable();
}
