package dev.tapekit.backup.tree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * User and group names by id for a backup, and principals by name for a restore, each looked up
 * once (Java looks names up only through a file's owner, or a name through the lookup service).
 * Not thread-safe.
 */
final class OwnerNames {
  private final Map<Long, String> users = new HashMap<>();
  private final Map<Long, String> groups = new HashMap<>();
  private final Map<String, Optional<UserPrincipal>> userPrincipals = new HashMap<>();
  private final Map<String, Optional<GroupPrincipal>> groupPrincipals = new HashMap<>();

  /** The name of user {@code uid}, the owner of {@code file}, or "" when the host has no name for it. */
  String user(long uid, Path file) {
    return name(users, uid, file, "unix:owner");
  }

  /** The name of group {@code gid}, the group of {@code file}, or "". */
  String group(long gid, Path file) {
    return name(groups, gid, file, "unix:group");
  }

  private static String name(Map<Long, String> cache, long id, Path file, String attribute) {
    String name = cache.get(id);
    if (name == null) {
      try {
        name = ((java.security.Principal) Files.getAttribute(file, attribute, LinkOption.NOFOLLOW_LINKS)).getName();
      } catch (IOException e) {
        return ""; // the file is gone: its walk reports that; the next file of this owner looks again
      }
      // Java names an id without a name by its number (signed, as int).
      if (name.equals(Long.toString(id)) || name.equals(Integer.toString((int) id))) {
        name = "";
      }
      cache.put(id, name);
    }
    return name;
  }

  /** The user called {@code name} on this host, if there is one. */
  Optional<UserPrincipal> userNamed(UserPrincipalLookupService lookup, String name) throws IOException {
    Optional<UserPrincipal> p = userPrincipals.get(name);
    if (p == null) {
      try {
        p = Optional.of(lookup.lookupPrincipalByName(name));
      } catch (UserPrincipalNotFoundException e) {
        p = Optional.empty();
      }
      userPrincipals.put(name, p);
    }
    return p;
  }

  /** The group called {@code name} on this host, if there is one. */
  Optional<GroupPrincipal> groupNamed(UserPrincipalLookupService lookup, String name) throws IOException {
    Optional<GroupPrincipal> p = groupPrincipals.get(name);
    if (p == null) {
      try {
        p = Optional.of(lookup.lookupPrincipalByGroupName(name));
      } catch (UserPrincipalNotFoundException e) {
        p = Optional.empty();
      }
      groupPrincipals.put(name, p);
    }
    return p;
  }
}
