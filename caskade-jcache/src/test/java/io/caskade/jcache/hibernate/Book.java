package io.caskade.jcache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A READ_WRITE cached entity. */
@Entity
@Table(name = "caskade_jcache_book")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "jcache-books")
public class Book {

  @Id
  private Long id;
  private String title;

  protected Book() {}

  public Book(Long id, String title) {
    this.id = id;
    this.title = title;
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }
}
