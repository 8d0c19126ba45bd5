/**
 * The lab's scenarios: each reproduces one failure mode against the fragile database and runs it
 * once per variant (with and without each defence), returning comparable
 * {@link io.caskade.lab.scenario.ScenarioResult}s.
 */
package io.caskade.lab.scenario;
