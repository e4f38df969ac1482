/**
 * The {@link dev.arca.storage.ObjectStore} SPI at the bottom of both flows (archives and, later,
 * volume data are written through it) and its providers, found by {@link java.util.ServiceLoader}.
 */
package dev.arca.storage;
