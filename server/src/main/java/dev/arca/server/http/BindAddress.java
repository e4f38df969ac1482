package dev.arca.server.http;

import dev.arca.api.ArcaException;
import java.net.InetSocketAddress;

/**
 * Where an HTTP endpoint listens, as {@code --metrics-address} takes it: {@code :8085} (every
 * interface), {@code 127.0.0.1:0} (loopback, an ephemeral port), {@code [::1]:8085},
 * {@code localhost:9090}. An empty host means every interface.
 */
public record BindAddress(String host, int port) {
    public BindAddress {
        host = host == null ? "" : host;
        if (port < 0 || port > 65535) {
            throw new ArcaException.InvalidInput("port " + port + " is out of range: use 0 to 65535 (0 picks a free port)");
        }
    }

    /** Parses {@code [host]:port}; an IPv6 host is written in brackets. */
    public static BindAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(text, "it has no port");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw invalid(text, "an IPv6 host must be in brackets");
        }
        String port = value.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}")) {
            throw invalid(text, "the port \"" + port + "\" is not a number");
        }
        return new BindAddress(host, Integer.parseInt(port));
    }

    /** The socket address to bind; resolves the host name. */
    public InetSocketAddress socketAddress() {
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new ArcaException.InvalidInput("cannot resolve the host \"" + host + "\" of bind address "
                    + this + ": use an IP address or a name this machine resolves");
        }
        return address;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static ArcaException.InvalidInput invalid(String text, String why) {
        return new ArcaException.InvalidInput("bad bind address \"" + text + "\": " + why
                + "; use host:port or :port, e.g. \":8085\" or \"127.0.0.1:0\"");
    }
}
