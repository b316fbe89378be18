package io.longrun.domain.sbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmSizeTest {

    @ParameterizedTest(name = "{0} -> {1} MiB")
    @CsvSource({
            "0, 0",
            "1, 1",
            "4096, 4096",
            "1M, 1", "1m, 1", "1MB, 1", "1mb, 1", "1Mb, 1",
            "1K, 1", "1k, 1", "1KB, 1", "0K, 0",
            "1024K, 1", "1025K, 2", "2048k, 2", "4096KB, 4", "1536K, 2",
            "1G, 1024", "1g, 1024", "1GB, 1024", "16G, 16384", "0G, 0",
            "1T, 1048576", "2t, 2097152", "1Tb, 1048576",
    })
    void readsSizesAsMebibytes(String written, long mebibytes) {
        assertThat(SlurmSize.parseMebibytes(written)).isEqualTo(mebibytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "G", "-1", "1.5G", "1P", "1GiB", "1 G", " 1", "+1", "1BB", "1KBB", "1B",
            "0x10", "1e3", "9999999999999999T", "9999999999999999999"})
    void refusesOtherForms(String written) {
        assertThatThrownBy(() -> SlurmSize.parseMebibytes(written)).isInstanceOf(IllegalArgumentException.class);
    }
}
