package dev.tapekit.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tape locations from a changer's inventory, as PBS updates them. */
public final class Locations {
  private Locations() {}

  /**
   * Records what changer {@code changer} holds now (the volume tags of its slots and drives): tapes
   * whose label is among {@code labels} become {@code online-<changer>}; tapes the catalog had online
   * in that changer and that are no longer there become {@code offline}. Tapes in vaults or other
   * changers that show up here become online in this one. Labels the inventory does not know are
   * left to labelling.
   *
   * @return the tapes whose location changed, as stored
   */
  public static List<Media> updateOnline(CatalogStore store, String changer, Set<String> labels)
      throws CatalogException {
    MediaLocation here = new MediaLocation.Online(changer);
    List<Media> changed = new ArrayList<>();
    for (Media m : store.media()) {
      boolean present = labels.contains(m.label());
      MediaLocation want = present ? here : m.location().equals(here) ? MediaLocation.OFFLINE : m.location();
      if (!want.equals(m.location())) {
        changed.add(store.updateMedia(m.uuid(), x -> x.withLocation(want)));
      }
    }
    return changed;
  }
}
