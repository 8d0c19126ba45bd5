/**
 * The closed-loop load generator: client threads spread over simulated application instances,
 * each sending its next request as soon as the last one returns, until a duration or a request
 * budget runs out. Latency goes to HdrHistogram; a sampler writes a per-interval timeline.
 */
package io.caskade.lab.load;
