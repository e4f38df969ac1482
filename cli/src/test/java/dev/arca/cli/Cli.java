package dev.arca.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code arca} in-process with its own ARCA_HOME and KUBECONFIG, capturing stdout and stderr. */
final class Cli {
    private final Map<String, String> env = new HashMap<>();

    Cli(Path home, Path kubeconfig) {
        env.put("ARCA_HOME", home.toString());
        if (kubeconfig != null) {
            env.put("KUBECONFIG", kubeconfig.toString());
        }
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArcaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(code, out.toString(), err.toString());
    }
}
