package dev.tapekit.iscsi;

import dev.tapekit.scsi.HostName;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link IscsiTransport} and {@link IscsiDiscovery} log in: the initiator's name, CHAP credentials,
 * digest wishes and the connect and login timeouts. Immutable; start from {@link #defaults()} and
 * change one thing at a time with the {@code with...} methods.
 *
 * @param initiatorName our iSCSI name, e.g. {@code iqn.2026-12.dev.tapekit:backup1}
 * @param chap the credentials we answer the target's CHAP challenge with; null for no authentication
 * @param mutualChap the target's credentials, checked when it answers our challenge (mutual CHAP); null
 *     for one-way CHAP. Needs {@code chap}.
 * @param headerDigest what we want for the header digest
 * @param dataDigest what we want for the data digest
 * @param connectTimeout how long the TCP connection may take to open
 * @param loginTimeout how long each login (or discovery) exchange may take
 */
public record IscsiInitiatorOptions(
    String initiatorName,
    ChapCredentials chap,
    ChapCredentials mutualChap,
    Digest headerDigest,
    Digest dataDigest,
    Duration connectTimeout,
    Duration loginTimeout) {

  /** A digest wish: the offer made for HeaderDigest or DataDigest. */
  public enum Digest {
    /** Offer {@code None}. */
    NONE("None"),
    /** Offer {@code CRC32C,None}: use CRC32C when the target agrees. */
    CRC32C_PREFERRED("CRC32C,None"),
    /** Offer {@code CRC32C} only: a target that refuses it fails the login. */
    CRC32C_REQUIRED("CRC32C");

    final String offer;

    Digest(String offer) {
      this.offer = offer;
    }
  }

  /** The prefix of the default initiator name; the host name follows. */
  public static final String DEFAULT_NAME_PREFIX = "iqn.2026-12.dev.tapekit:";

  public IscsiInitiatorOptions {
    Objects.requireNonNull(initiatorName, "initiatorName");
    Objects.requireNonNull(headerDigest, "headerDigest");
    Objects.requireNonNull(dataDigest, "dataDigest");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(loginTimeout, "loginTimeout");
    if (!IscsiAddress.isTargetName(initiatorName)) {
      throw new IllegalArgumentException("not an iSCSI name (iqn., eui. or naa.): " + initiatorName);
    }
    if (mutualChap != null && chap == null) {
      throw new IllegalArgumentException("mutual CHAP needs our own CHAP credentials too");
    }
    if (mutualChap != null && mutualChap.secret().equals(chap.secret())) {
      throw new IllegalArgumentException(
          "the target's CHAP secret must differ from ours (RFC 7143 section 12.1.3): set two different secrets");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || loginTimeout.isNegative() || loginTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive: connect " + connectTimeout + ", login " + loginTimeout);
    }
  }

  /** No CHAP, no digests, 10 s to connect, 30 s to log in, the name {@link #defaultInitiatorName()}. */
  public static IscsiInitiatorOptions defaults() {
    return new IscsiInitiatorOptions(defaultInitiatorName(), null, null, Digest.NONE, Digest.NONE,
        Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /**
   * {@code iqn.2026-12.dev.tapekit:} followed by this host's name in lower case, with characters an
   * iSCSI name may not hold replaced by '-'.
   */
  public static String defaultInitiatorName() {
    String host = HostName.get().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.:-]", "-");
    return DEFAULT_NAME_PREFIX + (host.isEmpty() ? "localhost" : host);
  }

  public IscsiInitiatorOptions withInitiatorName(String value) {
    return new IscsiInitiatorOptions(value, chap, mutualChap, headerDigest, dataDigest, connectTimeout, loginTimeout);
  }

  /** One-way CHAP with these credentials (null: none, which also drops mutual CHAP). */
  public IscsiInitiatorOptions withChap(ChapCredentials value) {
    return new IscsiInitiatorOptions(initiatorName, value, value == null ? null : mutualChap, headerDigest, dataDigest,
        connectTimeout, loginTimeout);
  }

  /** Mutual CHAP: the target must prove it knows this secret. */
  public IscsiInitiatorOptions withMutualChap(ChapCredentials value) {
    return new IscsiInitiatorOptions(initiatorName, chap, value, headerDigest, dataDigest, connectTimeout, loginTimeout);
  }

  public IscsiInitiatorOptions withDigests(Digest header, Digest data) {
    return new IscsiInitiatorOptions(initiatorName, chap, mutualChap, header, data, connectTimeout, loginTimeout);
  }

  public IscsiInitiatorOptions withTimeouts(Duration connect, Duration login) {
    return new IscsiInitiatorOptions(initiatorName, chap, mutualChap, headerDigest, dataDigest, connect, login);
  }

  @Override
  public String toString() {
    return "IscsiInitiatorOptions[name=" + initiatorName + (chap == null ? "" : ", chap user=" + chap.user())
        + (mutualChap == null ? "" : ", mutual chap user=" + mutualChap.user()) + ", headerDigest=" + headerDigest
        + ", dataDigest=" + dataDigest + ", connect=" + connectTimeout + ", login=" + loginTimeout + "]";
  }
}
