/** The {@code caskade-lab} command line (picocli): {@code tour}, {@code run}, {@code list}. */
package io.caskade.lab.cli;
