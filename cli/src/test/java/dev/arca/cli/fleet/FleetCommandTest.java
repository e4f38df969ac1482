package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.cli.ArcaCommand;
import dev.arca.cli.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca fleet} input checks that refuse a join before any cluster is contacted. */
class FleetCommandTest {
    @TempDir
    Path home;

    @Test
    void aPushJoinWithoutAFleetKeySaysHowToGiveOne() throws Exception {
        Path kubeconfig = Files.writeString(home.resolve("member"), "apiVersion: v1\nkind: Config\n");

        String[] result = run(Map.of(), "fleet", "join", "east", "--member-kubeconfig", kubeconfig.toString());

        assertThat(result[0]).isEqualTo(String.valueOf(ExitCode.INVALID_INPUT));
        assertThat(result[2]).contains("ARCA_FLEET_PASSPHRASE").contains("--fleet-key-file");
    }

    @Test
    void aNameThatIsNotADnsLabelOrAPushJoinWithoutAKubeconfigIsInvalidInput() {
        Map<String, String> env = Map.of("ARCA_FLEET_PASSPHRASE", "long enough passphrase");

        String[] badName = run(env, "fleet", "join", "East_1", "--pull");
        String[] noKubeconfig = run(env, "fleet", "join", "east");

        assertThat(badName[0]).isEqualTo(String.valueOf(ExitCode.INVALID_INPUT));
        assertThat(badName[2]).contains("member name \"East_1\" is not a DNS label");
        assertThat(noKubeconfig[0]).isEqualTo(String.valueOf(ExitCode.INVALID_INPUT));
        assertThat(noKubeconfig[2]).contains("--member-kubeconfig is required").contains("--pull");
    }

    @Test
    void helpListsTheFleetVerbs() {
        String[] help = run(Map.of(), "fleet", "--help");

        assertThat(help[1]).contains("join", "unjoin", "get");
    }

    private String[] run(Map<String, String> env, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("ARCA_HOME", home.toString());
        all.put("KUBECONFIG", home.resolve("no-such-kubeconfig").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArcaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), all, args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
