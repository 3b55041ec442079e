package dev.weft.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.weft.server.config.ConfigException;
import dev.weft.server.config.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The server's configuration reader on any file: settings, or a {@link ConfigException} that lists what is
 * wrong. Committed inputs include YAML alias bombs and {@code ${...}} substitutions gone wrong.
 */
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void aConfigurationIsReadOrItsProblemsListed(byte[] data) {
        try {
            ServerSettings.parse("fuzz.yaml", new String(data, StandardCharsets.UTF_8),
                    Map.of("HOME", "/home/weft"));
        } catch (ConfigException expected) {
            // Not a valid configuration: the problems are the answer.
        }
    }
}
