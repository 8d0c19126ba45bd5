package io.caskade.jcache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** The elements of {@link Shelf}'s cached collection. */
@Entity
@Table(name = "caskade_jcache_volume")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "jcache-volumes")
public class Volume {

  @Id
  private Long id;
  private String title;

  @ManyToOne
  private Shelf shelf;

  protected Volume() {}

  public Volume(Long id, String title, Shelf shelf) {
    this.id = id;
    this.title = title;
    this.shelf = shelf;
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }
}
