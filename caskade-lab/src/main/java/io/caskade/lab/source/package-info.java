/**
 * The fragile database: a {@code users} table behind a small connection pool where every query
 * costs a fixed time inside the database, so a source that is asked too much visibly queues and
 * then fails. {@link io.caskade.lab.source.UserRepository} counts every query that reached it.
 */
package io.caskade.lab.source;
