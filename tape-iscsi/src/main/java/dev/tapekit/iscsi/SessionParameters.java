package dev.tapekit.iscsi;

/**
 * The operational values a login settled for one session and its connection (RFC 7143 §13), from one
 * side's point of view: {@code maxRecvDataSegment} is what this side receives, {@code maxSendDataSegment}
 * what the peer declared it receives. Starts at the defaults; the login code applies each settled key.
 */
final class SessionParameters {
  boolean headerDigest;
  boolean dataDigest;
  boolean initialR2T = true;
  boolean immediateData = true;
  int maxRecvDataSegment = 8192;
  int maxSendDataSegment = 8192;
  int maxBurstLength = 262144;
  int firstBurstLength = 65536;
  int maxOutstandingR2T = 1;
  boolean dataPduInOrder = true;
  boolean dataSequenceInOrder = true;
  int errorRecoveryLevel;
  int defaultTime2Wait = 2;
  int defaultTime2Retain = 20;

  /** Applies a settled key; {@code peerDeclared} marks MaxRecvDataSegmentLength as the peer's. */
  void apply(String key, String value, boolean peerDeclared) {
    switch (key) {
      case "HeaderDigest" -> headerDigest = value.equals("CRC32C");
      case "DataDigest" -> dataDigest = value.equals("CRC32C");
      case "InitialR2T" -> initialR2T = value.equals("Yes");
      case "ImmediateData" -> immediateData = value.equals("Yes");
      case "MaxRecvDataSegmentLength" -> {
        if (peerDeclared) {
          maxSendDataSegment = Integer.parseInt(value);
        } else {
          maxRecvDataSegment = Integer.parseInt(value);
        }
      }
      case "MaxBurstLength" -> maxBurstLength = Integer.parseInt(value);
      case "FirstBurstLength" -> firstBurstLength = Integer.parseInt(value);
      case "MaxOutstandingR2T" -> maxOutstandingR2T = Integer.parseInt(value);
      case "DataPDUInOrder" -> dataPduInOrder = value.equals("Yes");
      case "DataSequenceInOrder" -> dataSequenceInOrder = value.equals("Yes");
      case "ErrorRecoveryLevel" -> errorRecoveryLevel = Integer.parseInt(value);
      case "DefaultTime2Wait" -> defaultTime2Wait = Integer.parseInt(value);
      case "DefaultTime2Retain" -> defaultTime2Retain = Integer.parseInt(value);
      default -> { } // MaxConnections (always 1 here) and the marker keys change nothing
    }
  }

  /** FirstBurstLength may not exceed MaxBurstLength (RFC 7143 §13.14); the smaller wins. */
  void settleBursts() {
    firstBurstLength = Math.min(firstBurstLength, maxBurstLength);
  }

  @Override
  public String toString() {
    return "HeaderDigest=" + (headerDigest ? "CRC32C" : "None") + " DataDigest=" + (dataDigest ? "CRC32C" : "None")
        + " InitialR2T=" + Negotiation.yesNo(initialR2T) + " ImmediateData=" + Negotiation.yesNo(immediateData)
        + " MaxRecvDataSegmentLength=" + maxRecvDataSegment + "/" + maxSendDataSegment
        + " MaxBurstLength=" + maxBurstLength + " FirstBurstLength=" + firstBurstLength;
  }
}
