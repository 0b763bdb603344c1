package io.tentacle.server.cli;

import io.tentacle.Failures;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Asks for the private key's password (-w). */
@FunctionalInterface
interface PasswordPrompt {
    String read(String prompt);

    /** On the terminal, without echo. */
    PasswordPrompt CONSOLE = prompt -> {
        Console console = System.console();
        if (console == null) {
            throw new CliException(
                    "-w needs a terminal to ask for the key password on; use --ssl-password-file in scripts");
        }
        char[] password = console.readPassword("%s", prompt);
        if (password == null) {
            throw new CliException("no key password given");
        }
        return new String(password);
    };

    /** From standard input: how a daemonized child gets what its parent asked for on the terminal. */
    PasswordPrompt STDIN = prompt -> {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new CliException("no key password given");
            }
            return line;
        } catch (IOException e) {
            throw new CliException("cannot read the key password: " + Failures.describe(e));
        }
    };
}
