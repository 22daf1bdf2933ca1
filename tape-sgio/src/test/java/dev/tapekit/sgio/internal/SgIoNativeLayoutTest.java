package dev.tapekit.sgio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the offsets and constants the transport hard-codes with what gcc computes from the system
 * headers ({@code <scsi/sg.h>}, {@code <fcntl.h>}, {@code <errno.h>}, {@code <linux/fs.h>}). Skipped by
 * assumption only when gcc is absent (it is installed on the build machines and in CI); a probe that
 * does not compile fails. glibc's {@code <scsi/sg.h>} has no {@code SG_INTERFACE_ID_ORIG}: it is
 * {@code 'S'} by definition of the v3 interface.
 */
class SgIoNativeLayoutTest {
  private static final String[] FIELDS = {
    "interface_id", "dxfer_direction", "cmd_len", "mx_sb_len", "iovec_count", "dxfer_len", "dxferp", "cmdp",
    "sbp", "timeout", "flags", "pack_id", "usr_ptr", "status", "masked_status", "msg_status", "sb_len_wr",
    "host_status", "driver_status", "resid", "duration", "info"
  };

  private static final String[] CONSTANTS = {
    "SG_GET_VERSION_NUM", "SG_SET_FORCE_PACK_ID", "BLKSECTGET", "SG_DXFER_NONE", "SG_DXFER_TO_DEV",
    "SG_DXFER_FROM_DEV", "O_RDWR", "O_EXCL", "O_NONBLOCK", "O_CLOEXEC", "F_GETFL", "F_SETFL", "_SC_PAGESIZE",
    "EPERM", "ENOENT", "EINTR", "EIO", "ENXIO", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "EBUSY", "ENODEV",
    "ENOTDIR", "EINVAL", "ENOTTY", "EROFS", "EOVERFLOW", "ETIMEDOUT"
  };

  @TempDir static Path dir;
  private static Map<String, Long> fromC;

  @BeforeAll
  static void compileAndRun() throws Exception {
    StringBuilder c = new StringBuilder()
        .append("#include <stdio.h>\n#include <stddef.h>\n#include <errno.h>\n#include <fcntl.h>\n")
        .append("#include <unistd.h>\n#include <scsi/sg.h>\n#include <linux/fs.h>\n")
        .append("int main(void) {\n")
        .append("  printf(\"sizeof %ld\\n\", (long) sizeof(struct sg_io_hdr));\n")
        .append("  printf(\"alignof %ld\\n\", (long) _Alignof(struct sg_io_hdr));\n");
    for (String f : FIELDS) {
      c.append("  printf(\"").append(f).append(" %ld\\n\", (long) offsetof(struct sg_io_hdr, ").append(f).append("));\n");
    }
    for (String k : CONSTANTS) {
      c.append("  printf(\"").append(k).append(" %ld\\n\", (long) (").append(k).append("));\n");
    }
    c.append("  return 0;\n}\n");
    Path source = Files.writeString(dir.resolve("layout.c"), c);
    Path exe = dir.resolve("layout");
    assumeTrue(run(dir, "gcc", "--version").startsWith("0\n"),
        "gcc is needed to check struct sg_io_hdr against <scsi/sg.h> (apt-get install gcc libc6-dev)");
    String compiled = run(dir, "gcc", "-std=c11", "-D_GNU_SOURCE", "-o", exe.toString(), source.toString());
    assertTrue(compiled.startsWith("0\n"), "gcc failed on the layout probe:\n" + compiled + "\n" + c);
    String out = run(dir, exe.toString());
    assertTrue(out.startsWith("0\n"), out);
    fromC = new TreeMap<>();
    for (String line : out.substring(2).split("\n")) {
      String[] kv = line.trim().split(" ");
      fromC.put(kv[0], Long.parseLong(kv[1]));
    }
  }

  /** Runs a command; returns its exit status, a newline, then its output; "127" when it cannot start. */
  private static String run(Path cwd, String... cmd) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
      return p.exitValue() + "\n" + out;
    } catch (IOException e) {
      return "127\n" + e;
    }
  }

  private static void same(String cName, long ours) {
    assertNotNull(fromC.get(cName), cName + " missing from the C program's output");
    assertEquals(fromC.get(cName).longValue(), ours, cName + " in C vs the Java constant");
  }

  @Test
  void headerSizeAndAlignment() {
    same("sizeof", SgIoHeader.SIZE);
    same("alignof", 8);
  }

  @Test
  void everyFieldOffsetMatchesTheCompiler() {
    Map<String, Long> ours = new LinkedHashMap<>();
    ours.put("interface_id", (long) SgIoHeader.INTERFACE_ID);
    ours.put("dxfer_direction", (long) SgIoHeader.DXFER_DIRECTION);
    ours.put("cmd_len", (long) SgIoHeader.CMD_LEN);
    ours.put("mx_sb_len", (long) SgIoHeader.MX_SB_LEN);
    ours.put("iovec_count", (long) SgIoHeader.IOVEC_COUNT);
    ours.put("dxfer_len", (long) SgIoHeader.DXFER_LEN);
    ours.put("dxferp", (long) SgIoHeader.DXFERP);
    ours.put("cmdp", (long) SgIoHeader.CMDP);
    ours.put("sbp", (long) SgIoHeader.SBP);
    ours.put("timeout", (long) SgIoHeader.TIMEOUT);
    ours.put("flags", (long) SgIoHeader.FLAGS);
    ours.put("pack_id", (long) SgIoHeader.PACK_ID);
    ours.put("usr_ptr", (long) SgIoHeader.USR_PTR);
    ours.put("status", (long) SgIoHeader.STATUS);
    ours.put("masked_status", (long) SgIoHeader.MASKED_STATUS);
    ours.put("msg_status", (long) SgIoHeader.MSG_STATUS);
    ours.put("sb_len_wr", (long) SgIoHeader.SB_LEN_WR);
    ours.put("host_status", (long) SgIoHeader.HOST_STATUS);
    ours.put("driver_status", (long) SgIoHeader.DRIVER_STATUS);
    ours.put("resid", (long) SgIoHeader.RESID);
    ours.put("duration", (long) SgIoHeader.DURATION);
    ours.put("info", (long) SgIoHeader.INFO);
    assertEquals(FIELDS.length, ours.size());
    for (String f : FIELDS) {
      same(f, ours.get(f));
    }
  }

  @Test
  void ioctlAndFlagConstantsMatchTheHeaders() {
    same("SG_GET_VERSION_NUM", SgIoHeader.SG_GET_VERSION_NUM);
    same("SG_SET_FORCE_PACK_ID", SgIoHeader.SG_SET_FORCE_PACK_ID);
    same("BLKSECTGET", SgIoHeader.BLKSECTGET);
    same("SG_DXFER_NONE", SgIoHeader.SG_DXFER_NONE);
    same("SG_DXFER_TO_DEV", SgIoHeader.SG_DXFER_TO_DEV);
    same("SG_DXFER_FROM_DEV", SgIoHeader.SG_DXFER_FROM_DEV);
    same("O_RDWR", LibC.O_RDWR);
    same("O_EXCL", LibC.O_EXCL);
    same("O_NONBLOCK", LibC.O_NONBLOCK);
    same("O_CLOEXEC", LibC.O_CLOEXEC);
    same("F_GETFL", LibC.F_GETFL);
    same("F_SETFL", LibC.F_SETFL);
    same("_SC_PAGESIZE", LibC.SC_PAGESIZE);
  }

  @Test
  void errnoValuesMatchTheHeaders() {
    same("EPERM", SgIoClassifier.EPERM);
    same("ENOENT", SgIoClassifier.ENOENT);
    same("EINTR", SgIoClassifier.EINTR);
    same("EIO", SgIoClassifier.EIO);
    same("ENXIO", SgIoClassifier.ENXIO);
    same("EAGAIN", SgIoClassifier.EAGAIN);
    same("ENOMEM", SgIoClassifier.ENOMEM);
    same("EACCES", SgIoClassifier.EACCES);
    same("EFAULT", SgIoClassifier.EFAULT);
    same("EBUSY", SgIoClassifier.EBUSY);
    same("ENODEV", SgIoClassifier.ENODEV);
    same("ENOTDIR", SgIoClassifier.ENOTDIR);
    same("EINVAL", SgIoClassifier.EINVAL);
    same("ENOTTY", SgIoClassifier.ENOTTY);
    same("EROFS", SgIoClassifier.EROFS);
    same("EOVERFLOW", SgIoClassifier.EOVERFLOW);
    same("ETIMEDOUT", SgIoClassifier.ETIMEDOUT);
  }
}
