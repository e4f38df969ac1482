/**
 * End-to-end benchmarks that sit outside the flows and measure them: each loads a real local
 * control plane, times Arca against the floor the API server allows (raw LISTs and POSTs with
 * the same client), and prints figures; none passes or fails on a time.
 */
package dev.arca.bench;
