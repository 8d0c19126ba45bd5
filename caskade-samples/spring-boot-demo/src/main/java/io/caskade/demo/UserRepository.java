package io.caskade.demo;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data JPA repository of users. */
public interface UserRepository extends JpaRepository<User, Long> {}
