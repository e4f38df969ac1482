package dev.arca.testkit.kube;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that starts and stops clusters with a node itself
 * ({@link LocalControlPlane#startWithNode()}). With {@code @ExtendWith(ControlPlaneExtension.class)}
 * the extension stops its shared cluster with a node before the class runs, since only one node
 * runs per machine and test classes of one JVM run in any order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnsNode {
}
