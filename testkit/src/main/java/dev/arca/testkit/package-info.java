/** Test support shared by the testkit's servers (control plane, s3proxy, Azurite); test scope only. */
package dev.arca.testkit;
