package dev.arca.fleet.store;

import dev.arca.api.ArcaException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A parsed {@code --store} URL: the JDBC URL without credentials, and the user and password
 * taken out of it (or out of {@code PGUSER} / {@code PGPASSWORD}). The password is never part of
 * {@link #toString()} or of any message.
 *
 * @param url      the JDBC URL without {@code user} and {@code password} parameters; safe to print
 * @param user     the database user, or null to let the driver choose
 * @param password the password, or null; never printed
 */
record StoreUrl(String url, String user, String password) {
    static final String POSTGRES = "jdbc:postgresql:";
    private static final String EXAMPLE = "jdbc:postgresql://HOST:PORT/DATABASE";

    /** Parses {@code raw}; throws {@link ArcaException.InvalidInput} for anything but a PostgreSQL JDBC URL. */
    static StoreUrl parse(String raw, Map<String, String> env) {
        if (raw == null || raw.isBlank()) {
            throw new ArcaException.InvalidInput("the fleet store URL is empty; give " + EXAMPLE
                    + " or leave the store option out to keep no history");
        }
        String trimmed = raw.trim();
        if (!trimmed.startsWith(POSTGRES)) {
            throw new ArcaException.InvalidInput("the fleet store URL scheme \"" + scheme(trimmed) + "\" is not supported; "
                    + "the only SQL store is PostgreSQL: give " + EXAMPLE);
        }
        int question = trimmed.indexOf('?');
        String base = question < 0 ? trimmed : trimmed.substring(0, question);
        if (base.contains("@")) {
            throw new ArcaException.InvalidInput("the fleet store URL holds credentials before its host, which the "
                    + "PostgreSQL driver does not read; give them as ?user=...&password=... or in PGUSER and PGPASSWORD");
        }
        String user = env.get("PGUSER");
        String password = env.get("PGPASSWORD");
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            for (String parameter : trimmed.substring(question + 1).split("&")) {
                String key = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
                String value = parameter.contains("=") ? decode(parameter.substring(parameter.indexOf('=') + 1)) : "";
                switch (key) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "" -> { }
                    default -> kept.add(parameter);
                }
            }
        }
        String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
        return new StoreUrl(url, blankToNull(user), blankToNull(password));
    }

    /** The driver's connection properties: the credentials plus bounded timeouts, so a dead server never hangs a thread. */
    Properties connectionProperties() {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "arca-fleet-hub");
        return properties;
    }

    /** The URL and user, for messages and logs; never the password. */
    @Override
    public String toString() {
        return url + (user == null ? "" : " as user " + user) + (password == null ? "" : " (password hidden)");
    }

    private static String scheme(String raw) {
        String[] parts = raw.split(":", 3);
        if (parts.length < 2) {
            return "(none)";
        }
        String scheme = parts[0].equals("jdbc") && parts.length == 3 ? parts[0] + ":" + parts[1] : parts[0];
        return scheme.length() > 40 || !scheme.matches("[A-Za-z0-9+.:-]*") ? "(unreadable)" : scheme;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
