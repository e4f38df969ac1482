package dev.arca.cli.fleet;

import picocli.CommandLine.Command;

/** {@code arca fleet}: member clusters of a hub (the current kubeconfig context), their objects' status, and the hub and agent processes. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Manage a fleet: member clusters joined to a hub (the current kubeconfig context), and their cells.",
        subcommands = {FleetJoinCommand.class, FleetUnjoinCommand.class, FleetGetCommand.class, FleetStatusCommand.class,
                FleetImportCommand.class, FleetHistoryCommand.class, FleetFailoverCommand.class, FleetHubCommand.class,
                FleetAgentCommand.class})
public final class FleetCommand {
    /** The hub namespace a command uses when -n is not given: the default workspace. */
    static final String DEFAULT_WORKSPACE = dev.arca.fleet.resources.FleetResources.SYSTEM_NAMESPACE;
}
