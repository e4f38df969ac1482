/**
 * Test support for the Kubernetes side of Arca: a real local control plane (etcd,
 * kube-apiserver, kube-controller-manager) for {@code *IT} tests, and a JUnit 5 extension that
 * shares one per test JVM and hands each test its own namespace.
 */
package dev.arca.testkit.kube;
