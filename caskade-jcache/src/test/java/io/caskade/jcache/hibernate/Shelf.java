package io.caskade.jcache.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** An entity with a cached natural id and a cached collection. */
@Entity
@Table(name = "caskade_jcache_shelf")
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "jcache-shelves")
@NaturalIdCache(region = "jcache-shelf-codes")
public class Shelf {

  @Id
  private Long id;

  @NaturalId
  private String code;

  @OneToMany(mappedBy = "shelf")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "jcache-shelf-volumes")
  private Set<Volume> volumes = new HashSet<>();

  protected Shelf() {}

  public Shelf(Long id, String code) {
    this.id = id;
    this.code = code;
  }

  public Long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public Set<Volume> getVolumes() {
    return volumes;
  }
}
