package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvCommandTest {
    private static final String MODIFIERS = """
            version: v1
            resourceModifierRules:
            - conditions: {groupResource: configmaps}
              mergePatches:
              - patchData: '{"data": {"color": "${color}"}}'
            """;

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(home, null);
    }

    private Path modifiers() throws Exception {
        return Files.writeString(home.resolve("qa-modifiers.yaml"), MODIFIERS);
    }

    @Test
    void anEnvironmentSurvivesTheRoundTripThroughConfigYamlWithEveryField() throws Exception {
        Path file = modifiers();
        Cli.Result add = cli().run("env", "add", "qa", "--context", "qa-cluster", "--kubeconfig", "/etc/qa.kubeconfig",
                "--namespace-mappings", "shop:shop-qa,db:db-qa", "--image-map", "registry.prod=registry.qa",
                "--image-map", "tag:replace:qa", "--storage-class-map", "fast=standard", "--resource-modifiers", file.toString(),
                "--resource-modifiers-configmap", "qa-extra", "--param", "color=a: b=c", "--param", "tier=front");
        assertThat(add.code()).as(add.toString()).isZero();

        Environment e = new ArcaHome(Map.of("ARCA_HOME", home.toString())).environment("qa");
        assertThat(e).isEqualTo(new Environment("qa", "qa-cluster", "/etc/qa.kubeconfig", Map.of("shop", "shop-qa", "db", "db-qa"),
                List.of("registry.prod=registry.qa", "tag:replace:qa"), Map.of("fast", "standard"), List.of(file.toString()),
                List.of("qa-extra"), Map.of("color", "a: b=c", "tier", "front")));
        assertThat(List.copyOf(e.namespaceMappings().keySet())).as("order kept").containsExactly("shop", "db");

        Cli.Result describe = cli().run("env", "describe", "qa");
        assertThat(describe.out()).contains("qa-cluster").contains("shop -> shop-qa").contains("color=a: b=c")
                .contains(file.toString());
        Cli.Result get = cli().run("env", "get");
        assertThat(get.out()).contains("NAME").contains("qa").contains("shop:shop-qa,db:db-qa").contains("color,tier");
    }

    @Test
    void locationCommandsKeepTheEnvironments() throws Exception {
        assertThat(cli().run("env", "add", "qa", "--context", "c").code()).isZero();
        Cli.Result loc = cli().run("location", "add", "local", "--dir", home.resolve("b").toString(), "--encryption", "none");
        assertThat(loc.code()).as(loc.toString()).isZero();
        assertThat(cli().run("location", "set-default", "local").code()).isZero();
        assertThat(cli().run("location", "delete", "local").code()).isZero();

        assertThat(new ArcaHome(Map.of("ARCA_HOME", home.toString())).environment("qa").context()).isEqualTo("c");
    }

    @Test
    void anUnknownPlaceholderIsRefusedAtAddNamingItAndTheFile() throws Exception {
        Path file = modifiers();
        Cli.Result r = cli().run("env", "add", "qa", "--context", "c", "--resource-modifiers", file.toString(), "--param", "colour=red");

        assertThat(r.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("${color}").contains(file.toString()).contains("defined: colour");
        assertThat(cli().run("env", "get", "qa").code()).as("nothing was saved").isNotZero();
    }

    @Test
    void aSecondAddOfTheSameNameIsRefusedAndDeleteForgetsIt() {
        assertThat(cli().run("env", "add", "qa", "--context", "c").code()).isZero();
        Cli.Result again = cli().run("env", "add", "qa", "--context", "d");
        assertThat(again.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(again.err()).contains("environment \"qa\" exists already");

        assertThat(cli().run("env", "delete", "qa").code()).isZero();
        Cli.Result gone = cli().run("env", "describe", "qa");
        assertThat(gone.err()).contains("environment \"qa\" is not configured").contains("arca env add qa");
    }

    @Test
    void aMalformedImageRuleOrParameterIsRefusedBeforeSaving() {
        Cli.Result image = cli().run("env", "add", "qa", "--context", "c", "--image-map", "registry:explode");
        assertThat(image.code()).isEqualTo(ExitCode.INVALID_INPUT);
        Cli.Result param = cli().run("env", "add", "qa", "--context", "c", "--param", "novalue");
        assertThat(param.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(param.err()).contains("parameter \"novalue\" is not KEY=VALUE");
        assertThat(Files.exists(home.resolve("config.yaml"))).isFalse();
    }

    @Test
    void restoreWithAnUnknownEnvironmentSaysHowToAddIt() {
        Cli.Result r = cli().run("restore", "create", "--from-backup", "b", "--env", "nope");
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("environment \"nope\" is not configured");
    }

    @Test
    void flagsGivenOnTheCommandLineReplaceThatPartOfTheEnvironment() {
        Environment e = new Environment("qa", "qa-cluster", null, Map.of("shop", "shop-qa"), List.of("a=b"), Map.of("x", "y"),
                List.of("/m.yaml"), List.of(), Map.of());
        TransformOptions t = new TransformOptions();
        t.imageMap = List.of("c=d");
        t.modifiersFile = Path.of("/explicit.yaml");
        t.fillFrom(e);
        assertThat(t.imageMap).containsExactly("c=d");
        assertThat(t.storageClassMap).as("not given: the environment's").containsExactly("x=y");
        assertThat(t.environment).as("an explicit file replaces the environment's modifiers").isNull();

        ClusterOptions cluster = new ClusterOptions();
        cluster.kubeconfig = Path.of("/k");
        EnvironmentOption.fillCluster(e, cluster);
        assertThat(cluster.context).as("the cluster is one unit: a --kubeconfig keeps the env's context out").isNull();
        assertThat(EnvironmentOption.mappings(e, null)).containsExactly("shop:shop-qa");
        assertThat(EnvironmentOption.mappings(e, List.of("shop:demo"))).containsExactly("shop:demo");
    }

    @Test
    void theRulesOfEveryModifierFileApplyInOrderWithTheParametersFilled() throws Exception {
        Path first = modifiers();
        Path second = Files.writeString(home.resolve("second.yaml"), "version: v1\nresourceModifierRules:\n"
                + "- conditions: {groupResource: pods}\n  patches: [{operation: remove, path: /spec/nodeName}]\n");
        Environment e = new Environment("qa", "c", null, null, null, null, List.of(first.toString(), second.toString()), null,
                Map.of("color", "x: \"y\""));

        dev.arca.api.RestoreTransforms t = EnvironmentModifiers.resolve(e, null, "arca");

        List<dev.arca.engine.transform.ModifierRule> rules = dev.arca.engine.transform.ModifierFile.parse(t.resourceModifiers(), "joined");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).name()).contains("configmaps");
        assertThat(rules.get(1).name()).contains("pods");
        assertThat(rules.get(0).mergePatches().get(0).at("/data/color").asText()).isEqualTo("x: \"y\"");
        assertThat(t.resourceModifiersSource()).contains(first.toString()).contains(second.toString()).contains("environment \"qa\"");
    }
}
