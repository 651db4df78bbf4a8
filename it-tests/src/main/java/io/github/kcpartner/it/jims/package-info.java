/**
 * A JIMS (Juniper Identity Management Service) simulator speaking this project's contract
 * ({@code docs/jims-protocol.md}, section 2), with run-time fault switches for failover tests.
 * Public entry points: {@link io.github.kcpartner.it.jims.JimsSimulator},
 * {@link io.github.kcpartner.it.jims.JimsDirectory}, {@link io.github.kcpartner.it.jims.Fault} and
 * {@link io.github.kcpartner.it.jims.JimsSimulatorMain}; everything else is package-private.
 */
package io.github.kcpartner.it.jims;
