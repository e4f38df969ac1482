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

    /**
     * Writes a kubeconfig with two contexts: "dead" (current, a server that never answers) and "real"
     * (the server and token of {@code real}), and returns its path.
     */
    static Path twoContexts(Path real, Path file) throws java.io.IOException {
        String config = java.nio.file.Files.readString(real);
        String server = config.replaceAll("(?s).*server: (\\S+).*", "$1");
        String token = config.replaceAll("(?s).*token: (\\S+).*", "$1");
        java.nio.file.Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: dead, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}
                - {name: real, cluster: {server: "%s", insecure-skip-tls-verify: true}}
                users: [{name: u, user: {token: %s}}]
                contexts:
                - {name: dead, context: {cluster: dead, user: u}}
                - {name: real, context: {cluster: real, user: u}}
                current-context: dead
                """.formatted(server, token));
        return file;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ArcaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Result(code, out.toString(), err.toString());
    }
}
