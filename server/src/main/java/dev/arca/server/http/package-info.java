/**
 * The server's HTTP side: {@code /metrics} for Prometheus (the text of
 * {@code dev.arca.server.metrics}) and the kubelet's {@code /healthz} and {@code /readyz} probes, on
 * the address {@code arca server --metrics-address} names.
 */
package dev.arca.server.http;
