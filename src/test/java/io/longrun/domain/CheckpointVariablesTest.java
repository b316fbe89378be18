package io.longrun.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointVariablesTest {

    @Test
    void theLineGoesAfterTheDirectiveBlockSoSbatchStillReadsEveryDirective() {
        String script = "#!/bin/bash\n#SBATCH --time=1\n\n# comment\n#SBATCH -J x\necho hi\n#SBATCH --late\n";
        String result = CheckpointVariables.exportInitialJobId(script);
        assertThat(result).isEqualTo("#!/bin/bash\n#SBATCH --time=1\n\n# comment\n#SBATCH -J x\n"
                + CheckpointVariables.EXPORT_LINE + "\necho hi\n#SBATCH --late\n");
    }

    @Test
    void aScriptOfOnlyDirectivesGetsTheLineAtTheEnd() {
        assertThat(CheckpointVariables.exportInitialJobId("#!/bin/sh\n#SBATCH -t 1"))
                .isEqualTo("#!/bin/sh\n#SBATCH -t 1\n" + CheckpointVariables.EXPORT_LINE + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#!/bin/bash", "#!/bin/sh", "#! /usr/bin/env bash", "#!/usr/bin/zsh -l", "#!/bin/bash -e"})
    void shellsAreRecognised(String shebang) {
        assertThat(CheckpointVariables.isShellScript(shebang)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"#!/usr/bin/env python3", "#!/usr/bin/perl", "echo", "#!/usr/bin/bashful"})
    void otherInterpretersAreLeftAlone(String shebang) {
        assertThat(CheckpointVariables.isShellScript(shebang)).isFalse();
        assertThat(CheckpointVariables.exportInitialJobId(shebang + "\nprint(1)\n")).isEqualTo(shebang + "\nprint(1)\n");
    }

    @Test
    void theLineKeepsAValueFromTheEnvironment() {
        assertThat(CheckpointVariables.EXPORT_LINE)
                .startsWith("export SLURM_LONGRUN_INITIAL_JOB_ID=\"${SLURM_LONGRUN_INITIAL_JOB_ID:-$SLURM_JOB_ID}\"");
    }
}
