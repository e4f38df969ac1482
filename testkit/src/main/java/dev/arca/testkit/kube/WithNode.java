package dev.arca.testkit.kube;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link ControlPlaneExtension} for a cluster with a node that runs pods: the test class
 * gets the JVM's one cluster started by {@link LocalControlPlane#startWithNode()} instead of the
 * lighter control plane without a node. Put it only on tests that need running pods; the rest of
 * the suite stays on the lighter cluster, which starts in seconds.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithNode {
}
