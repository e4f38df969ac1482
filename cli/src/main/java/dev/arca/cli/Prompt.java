package dev.arca.cli;

import java.io.Console;

/** Asks yes/no on the terminal; without a terminal the answer is no. */
final class Prompt {
    private Prompt() {
    }

    static boolean yes(String question) {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s (y/N) ", question);
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }
}
