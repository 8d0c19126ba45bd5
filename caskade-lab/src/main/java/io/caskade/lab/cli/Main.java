package io.caskade.lab.cli;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caskade-lab}: every caching failure mode against a real database, with and without its defence. */
@Command(name = "caskade-lab", mixinStandardHelpOptions = true, version = "caskade-lab 0.1.0",
    description = "Every caching failure mode reproduced against a real database, with and "
        + "without its defence.",
    subcommands = {TourCommand.class, RunCommand.class, ListCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests and embedding). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .registerConverter(Duration.class, new DurationConverter());
  }
}
