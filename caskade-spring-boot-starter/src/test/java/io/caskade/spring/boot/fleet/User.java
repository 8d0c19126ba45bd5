package io.caskade.spring.boot.fleet;

/** A row of the test's "database". */
public record User(long id, String name) {}
