#!/usr/bin/env python3
"""An independent reader of tapekit tape images (tape-format/docs/FORMAT.md, format version 1).

Written from FORMAT.md and tape-crypto/README.md alone, without tapekit's code, so that the
specification can be checked against the implementation. Standard library only; `zstandard` and
`cryptography` are used when importable (zstd frames; software-encrypted chunks and key configs).

  tapekit_image.py describe [--passphrase TEXT | --passphrase-env VAR] [--pretty] IMAGE [IMAGE...]
  tapekit_image.py selftest

`describe` prints one JSON document per tape (one per line unless --pretty). Several images are
taken in media-set order, and files spanning them are joined (FORMAT.md section 8).
Exit status: 0 all checks passed, 1 a check failed, 2 usage error.
"""
import argparse, base64, bisect, datetime, gzip, hashlib, hmac, json, os, re, struct, sys, uuid

try:
    import zstandard
except ImportError:
    zstandard = None
try:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:
    AESGCM = None

# ---------------------------------------------------------------------------- section 1: CRC32C


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1  # 0x1EDC6F41 reflected
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data, crc=0):
    """CRC32C of data; pass a previous result as crc to continue it."""
    c, t = crc ^ 0xFFFFFFFF, _CRC_TABLE
    for b in data:
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


# ---------------------------------------------------------------------------- section 12: magics


def magic(text):
    return hashlib.sha256(text.encode("ascii")).digest()[:8]


MAGIC_TABLE = {  # text -> magic as printed in FORMAT.md section 12
    "tapekit block v1": "d6db4003f5527d6b", "tapekit content header v1": "edb334d0be6f1a3e",
    "tapekit content footer v1": "7546a96e5762380c", "tapekit media label": "5cf9009d73504e3a",
    "tapekit media set label": "f7990b6d5b6e322c", "tapekit chunk archive": "8ec361248098302a",
    "tapekit data stream": "7e052ee3f537c922",
    "tapekit snapshot archive": "092cb74d66c66a81", "tapekit catalog archive": "604b9cde43483893",
    "tapekit chunk entry v1": "a8187d468d3ef4ad", "tapekit chunk index v1": "4477a553423b8dc9",
    "tapekit chunk index trailer v1": "bf07d0892ebf1c35", "tapekit tape image v1": "0279291cdfb18823",
    "tapekit snapshot entry v1": "9880d0d6d7293aff", "tapekit snapshot index v1": "3dacbefb1fc6025a",
    "tapekit snapshot index trailer v1": "b9e3c4174f8ed226", "tapekit catalog record v1": "37dba6bc7df4be85",
}
BLOCK_MAGIC, HEADER_MAGIC = magic("tapekit block v1"), magic("tapekit content header v1")
FOOTER_MAGIC, IMAGE_MAGIC = magic("tapekit content footer v1"), magic("tapekit tape image v1")
ENTRY_MAGIC, INDEX_MAGIC = magic("tapekit chunk entry v1"), magic("tapekit chunk index v1")
TRAILER_MAGIC = magic("tapekit chunk index trailer v1")
SNAP_ENTRY_MAGIC, SNAP_INDEX_MAGIC = magic("tapekit snapshot entry v1"), magic("tapekit snapshot index v1")
SNAP_TRAILER_MAGIC, RECORD_MAGIC = magic("tapekit snapshot index trailer v1"), magic("tapekit catalog record v1")
MEDIA_LABEL, MEDIA_SET_LABEL = "media label", "media set label"
CHUNK_ARCHIVE, DATA_STREAM = "chunk archive", "data stream"
SNAPSHOT_ARCHIVE, CATALOG_ARCHIVE = "snapshot archive", "catalog archive"
# content type magic -> (name, highest content version this reader knows)
CONTENT_TYPES = {magic("tapekit " + n): (n, v) for n, v in (
    (MEDIA_LABEL, 1), (MEDIA_SET_LABEL, 1), (CHUNK_ARCHIVE, 1), (DATA_STREAM, 1),
    (SNAPSHOT_ARCHIVE, 1), (CATALOG_ARCHIVE, 1))}

MAX_BLOCK, MAX_HEADER_DATA, MAX_CHUNK = 4 << 20, 16 << 20, 16 << 20
EOS, CONTINUED = 1, 2                     # block flags (3.1)
ZSTD, ENCRYPTED = 1, 2                    # entry flags (6.2)
SEAL_OVERHEAD, MAX_INDEX_COUNT = 29, 38_347_919
NIL_UUID = bytes(16)


class FormatError(Exception):
    def __init__(self, kind, block, message):
        super().__init__(message)
        self.kind, self.block, self.message = kind, block, message


def u(fmt, buf, off=0):
    return struct.unpack_from("<" + fmt, buf, off)


def uuid_text(b):
    return str(uuid.UUID(bytes=bytes(b)))


def time_text(seconds):
    try:
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, OSError, ValueError):
        return None


# ---------------------------------------------------------------------------- section 10: images


def read_image(path):
    """Returns (files, problem): files = [(blocks, 'filemark' | 'eod')], problem = text or None."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:8] != IMAGE_MAGIC:
        return [], "not a tapekit tape image (magic %s)" % data[:8].hex()
    objects, pos, problem = [], 8, None
    while True:
        if pos >= len(data):
            problem = "image ends without its end-of-data marker"
            break
        kind, pos = data[pos], pos + 1
        if kind == 0:
            if pos != len(data):
                problem = "%d bytes after the end-of-data marker" % (len(data) - pos)
            break
        if kind == 2:
            objects.append(None)
        elif kind == 1 and pos + 4 <= len(data):
            (n,), pos = struct.unpack_from(">I", data, pos), pos + 4
            if pos + n > len(data):
                problem = "image ends inside a block"
                break
            objects.append(memoryview(data)[pos:pos + n])
            pos += n
        else:
            problem = "unknown object type 0x%02x at image offset %d" % (kind, pos - 1)
            break
    files, current = [], []
    for obj in objects:
        if obj is None:
            files.append((current, "filemark"))
            current = []
        else:
            current.append(obj)
    if current:
        files.append((current, "eod"))
    return files, problem


# ---------------------------------------------------------------------------- section 3: blocks


def check_block(raw, index, first):
    """The checks of 3.3, steps 2 to 8, for the block at position index of the file."""
    n = len(raw)
    if n > MAX_BLOCK or n < 64 or bytes(raw[:8]) != BLOCK_MAGIC:
        raise FormatError("FOREIGN", index, "not a tapekit block (%d bytes, starting %s)" % (n, bytes(raw[:8]).hex()))
    version, flags, hlen, _, bsize, plen, seq = u("HHHHIIQ", raw, 8)
    stream, (part, _, crc) = bytes(raw[32:48]), u("III", raw, 48)
    crc_ok = 64 + plen <= n and crc32c(raw[64:64 + plen], crc32c(raw[:56])) == crc
    if version > 1:
        raise FormatError("TOO_NEW" if crc_ok else "CORRUPT", index, "block version %d" % version)
    if not crc_ok:
        raise FormatError("CORRUPT", index, "block CRC32C mismatch")
    problems = []
    if version != 1:
        problems.append("version %d" % version)
    if hlen != 64:
        problems.append("header length %d" % hlen)
    if bsize != n:
        problems.append("block size field %d but %d bytes read" % (bsize, n))
    if flags & ~(EOS | CONTINUED):
        problems.append("unknown flag bits 0x%x" % flags)
    if plen > bsize - 64:
        problems.append("payload length %d too long for block size %d" % (plen, bsize))
    if plen == 0 and not flags & EOS:
        problems.append("empty payload without END_OF_STREAM")
    if flags & CONTINUED and not flags & EOS:
        problems.append("CONTINUED set on a block that is not the last")
    if problems:
        raise FormatError("INVALID", index, "; ".join(problems))
    if first is not None:
        if stream != first["stream"] or part != first["part"]:
            raise FormatError("MISPLACED", index, "stream %s part %d, but the file's first block has %s part %d"
                              % (uuid_text(stream), part, uuid_text(first["stream"]), first["part"]))
        if bsize != first["block_size"]:
            raise FormatError("INVALID", index, "block size %d differs from the first block's %d" % (bsize, first["block_size"]))
    if seq != index:
        raise FormatError("OUT_OF_ORDER", index, "sequence %d where %d was expected (%s)"
                          % (seq, index, "gap: blocks missing" if seq > index else "repeat"))
    return {"flags": flags, "block_size": bsize, "payload": plen, "stream": stream, "part": part}


class FileStream:
    """The stream of one tape file, its blocks checked lazily, in order, as a reader reads them."""

    def __init__(self, blocks, terminator):
        self.blocks, self.terminator = blocks, terminator
        self.read = 0
        self.buf = bytearray()
        self.starts = []          # stream offset of each block's payload
        self.first = None
        self.done = False
        self.last_flags = 0

    def _read_block(self):
        if self.read >= len(self.blocks):
            what = "filemark" if self.terminator == "filemark" else "end of data"
            raise FormatError("TRUNCATED", self.read, what + " before a block with END_OF_STREAM")
        raw = self.blocks[self.read]
        info = check_block(raw, self.read, self.first)
        if self.first is None:
            self.first = info
        if not info["flags"] & EOS and info["payload"] != info["block_size"] - 64:
            raise FormatError("INVALID", self.read, "short payload in a block that is not the last (3.2)")
        self.starts.append(len(self.buf))
        self.buf += raw[64:64 + info["payload"]]
        self.read += 1
        if info["flags"] & EOS:
            self.done, self.last_flags = True, info["flags"]

    def need(self, n):
        while len(self.buf) < n and not self.done:
            self._read_block()
        return len(self.buf) >= n

    def body_has(self, end):
        """True if stream bytes up to end exist and lie before the footer (the last 48 bytes)."""
        self.need(end + 48)
        return end + 48 <= len(self.buf)

    def need_all(self):
        while not self.done:
            self._read_block()
        if self.read < len(self.blocks):
            raise FormatError("INVALID", self.read, "a data block follows the END_OF_STREAM block")

    def block_of(self, offset):
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


# ---------------------------------------------------------------------------- section 4: header, footer


def read_content_header(fs, rec):
    if not fs.need(8) or bytes(fs.buf[:8]) != HEADER_MAGIC:
        if len(fs.buf) < 8:
            raise FormatError("TRUNCATED", 0, "stream of %d bytes has no content header" % len(fs.buf))
        raise FormatError("FOREIGN", 0, "no content header magic")
    if not fs.need(80):
        raise FormatError("TRUNCATED", 0, "stream of %d bytes ends inside the content header" % len(fs.buf))
    h = bytes(fs.buf[:80])
    ctype, cver, hlen, hdlen = h[8:16], *u("HHI", h, 16)
    fid, (ctime,), msid = h[24:40], u("q", h, 40), h[48:64]
    seq, part, crc = u("III", h, 64)
    if hlen != 80 or hdlen > MAX_HEADER_DATA:
        raise FormatError("CORRUPT", 0, "content header length %d, header data length %d" % (hlen, hdlen))
    if not fs.need(80 + hdlen):
        raise FormatError("TRUNCATED", 0, "stream ends inside the header data")
    data = bytes(fs.buf[80:80 + hdlen])
    if crc32c(data, crc32c(h[:72])) != crc:
        raise FormatError("CORRUPT", 0, "content header CRC32C mismatch")
    name, known = CONTENT_TYPES.get(ctype, (None, None))
    rec.update({"content_type": name or "unknown", "content_type_magic": ctype.hex(), "content_version": cver,
                "file_uuid": uuid_text(fid), "ctime": ctime, "ctime_text": time_text(ctime),
                "media_set_uuid": uuid_text(msid), "tape_sequence": seq, "header_part": part,
                "header_data_length": hdlen})
    try:
        rec["header_data"] = json.loads(data.decode("utf-8"))
    except ValueError:
        rec["header_data"] = None
    verdict = None
    if name is None:
        verdict = FormatError("TOO_NEW", 0, "unknown content type %s" % ctype.hex())
    elif cver > known:
        verdict = FormatError("TOO_NEW", 0, "%s content version %d (this reader knows %d)" % (name, cver, known))
    elif cver < 1:
        verdict = FormatError("INVALID", 0, "%s content version %d" % (name, cver))
    return {"type": name, "version": cver, "file_uuid": fid, "ctime": ctime, "media_set": msid,
            "sequence": seq, "part": part, "data": data, "body_start": 80 + hdlen}, verdict


def finish_generic(fs, hdr, rec):
    """Reads to the end of the file: the end-of-stream checks of 3.3 and the footer checks of 4.3."""
    fs.need_all()
    s, start = fs.buf, hdr["body_start"]
    if len(s) < 48:
        raise FormatError("TRUNCATED", fs.block_of(0), "stream of %d bytes is shorter than a footer" % len(s))
    fpos = len(s) - 48
    if fpos < start:
        raise FormatError("TRUNCATED", fs.block_of(fpos), "the footer overlaps the header data")
    f, block = bytes(s[fpos:]), fs.block_of(fpos)
    if f[:8] != FOOTER_MAGIC:
        raise FormatError("CORRUPT", block, "no content footer magic")
    if crc32c(f[:40]) != u("I", f, 40)[0]:
        raise FormatError("CORRUPT", block, "content footer CRC32C mismatch")
    body_len, items, body_crc, fflags = u("QQII", f, 8)
    body = bytes(s[start:fpos])
    rec.update({"body_length": body_len, "items": items, "body_crc32c": "%08x" % body_crc,
                "continued": bool(fflags & 1)})
    if body_len != len(body):
        raise FormatError("CORRUPT", block, "footer body length %d, read %d" % (body_len, len(body)))
    if crc32c(body) != body_crc:
        raise FormatError("CORRUPT", block, "body CRC32C mismatch")
    if fflags & ~1:
        raise FormatError("INVALID", block, "unknown footer flag bits 0x%x" % fflags)
    if bool(fflags & 1) != bool(fs.last_flags & CONTINUED):
        raise FormatError("INVALID", block, "footer CONTINUED %s, last block CONTINUED %s"
                          % (bool(fflags & 1), bool(fs.last_flags & CONTINUED)))
    rec["checks"].append("blocks (3.3)" + ("; EOD instead of the last filemark, accepted" if fs.terminator == "eod" else ""))
    rec["checks"].append("content footer (4.3)")
    return body


# ---------------------------------------------------------------------------- section 5.1: JSON rules


class NotInteger:
    def __init__(self, text):
        self.text = text


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ValueError("duplicate member %r" % k)
        obj[k] = v
    return obj


def _no_constant(name):
    raise ValueError("%s is not JSON" % name)


def strict_json(data, where):
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates,
                           parse_float=NotInteger, parse_constant=_no_constant)
    except ValueError as e:
        raise FormatError("INVALID", 0, "%s: header data is not one UTF-8 JSON object: %s" % (where, e))
    if not isinstance(value, dict):
        raise FormatError("INVALID", 0, "%s: header data is not a JSON object" % where)
    return value


NAME_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{1,31}\Z")
UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
TIME_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z\Z")
RFC3339_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})\Z")
FP_RE = re.compile(r"[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){31}\Z")


class Members:
    """Typed access to the members of a label's JSON object; every failure is INVALID naming the member."""

    def __init__(self, obj, label, prefix=""):
        self.obj, self.label, self.prefix = obj, label, prefix

    def fail(self, member, why):
        raise FormatError("INVALID", 0, "%s: member %s%s %s" % (self.label, self.prefix, member, why))

    def get(self, member, required=True):
        v = self.obj.get(member)
        if v is None and required:
            self.fail(member, "is missing or null")
        return v

    def string(self, member, required=True):
        v = self.get(member, required)
        if v is not None and not isinstance(v, str):
            self.fail(member, "is not a string")
        return v

    def name(self, member, required=True):
        v = self.string(member, required)
        if v is not None and not NAME_RE.match(v):
            self.fail(member, "is not a name (2-32 of A-Za-z0-9_.-, not starting with . or -)")
        return v

    def uuid(self, member, required=True):
        v = self.string(member, required)
        if v is not None and not UUID_RE.match(v):
            self.fail(member, "is not a UUID")
        return None if v is None else uuid.UUID(v).bytes

    def integer(self, member, lo, hi, required=True):
        v = self.get(member, required)
        if v is not None and (type(v) is not int or not lo <= v <= hi):
            self.fail(member, "is not an integer from %d to %d" % (lo, hi))
        return v

    def time(self, member):
        v, m = self.string(member), None
        m = TIME_RE.match(v)
        try:
            t = datetime.datetime(*map(int, m.groups()), tzinfo=datetime.timezone.utc) if m else None
        except ValueError:
            t = None
        if t is None or t.year < 1970:
            self.fail(member, "is not a time YYYY-MM-DDTHH:MM:SSZ that exists")
        return int(t.timestamp())

    def block_size(self, member):
        v = self.integer(member, 65536, 4 << 20)
        if v % 65536:
            self.fail(member, "is not a multiple of 65536")
        return v

    def b64(self, member, length):
        v = self.string(member)
        try:
            b = base64.b64decode(v, validate=True)
        except ValueError:
            self.fail(member, "is not base64")
        if len(b) != length:
            self.fail(member, "decodes to %d bytes, not %d" % (len(b), length))
        return b

    def nested(self, member):
        v = self.get(member)
        if not isinstance(v, dict):
            self.fail(member, "is not an object")
        return Members(v, self.label, self.prefix + member + ".")


# ---------------------------------------------------------------------------- section 5: labels


def check_label(fs, hdr, rec, body, tape):
    label = "media label" if hdr["type"] == MEDIA_LABEL else "media set label"
    if hdr["part"] != 0 or rec["continued"] or rec["body_length"] != 0 or rec["items"] != 0:
        raise FormatError("INVALID", 0, "%s: must be part 0, not continued, with empty body and 0 items" % label)
    m = Members(strict_json(hdr["data"], label), label)
    out = {}
    if hdr["type"] == MEDIA_LABEL:
        out["label"] = m.name("label")
        media = m.uuid("media")
        if media == NIL_UUID:
            m.fail("media", "is the nil UUID")
        out["media"], out["ctime"] = uuid_text(media), m.time("ctime")
        out["pool"], out["block_size"] = m.name("pool", False), m.block_size("block_size")
        if out["ctime"] != hdr["ctime"] or hdr["media_set"] != NIL_UUID or hdr["sequence"] != 0:
            raise FormatError("INVALID", 0, "media label disagrees with its content header (ctime, media set, sequence)")
        tape["label"] = out
    else:
        out["pool"] = m.name("pool")
        ms = m.uuid("media_set")
        out["media_set"], out["sequence"] = uuid_text(ms), m.integer("sequence", 0, 2**31 - 1)
        out["ctime"], out["block_size"] = m.time("ctime"), m.block_size("block_size")
        if m.get("encryption", False) is not None:
            out["encryption"] = check_encryption(m.nested("encryption"), tape)
        if ms == NIL_UUID and (out["sequence"] != 0 or "encryption" in out):
            raise FormatError("INVALID", 0, "media set label: nil media_set needs sequence 0 and no encryption")
        if (out["ctime"] != hdr["ctime"] or ms != hdr["media_set"] or out["sequence"] != hdr["sequence"]):
            raise FormatError("INVALID", 0, "media set label disagrees with its content header (ctime, media set, sequence)")
        tape["set_label"] = out
    rec["checks"].append("%s (5.1, 5.%d, 5.5)" % (label, 2 if hdr["type"] == MEDIA_LABEL else 3))
    return out


def check_encryption(e, tape):
    out = {"fingerprint": e.string("fingerprint")}
    if not FP_RE.match(out["fingerprint"]):
        e.fail("fingerprint", "is not 32 hex pairs joined by ':'")
    k = e.nested("key_config")
    kdf = k.nested("kdf")
    if len(kdf.obj) != 1 or next(iter(kdf.obj)) not in ("Scrypt", "PBKDF2"):
        k.fail("kdf", "is neither {\"Scrypt\": ...} nor {\"PBKDF2\": ...}")
    kind = next(iter(kdf.obj))
    params = kdf.nested(kind)
    if kind == "PBKDF2":
        kdf_params = {"iter": params.integer("iter", 1, 2**31 - 1)}
    else:
        kdf_params = {x: params.integer(x, 1, 2**32 - 1) for x in ("n", "r", "p")}
        n, r, p = kdf_params["n"], kdf_params["r"], kdf_params["p"]
        if n < 2 or n & (n - 1) or 128 * r * (n + 2 + p) > 1025 << 20:
            params.fail("n", "with r and p: impossible or too costly scrypt parameters")
    kdf_params["salt"] = params.b64("salt", 32)
    for member in ("created", "modified"):
        if not RFC3339_RE.match(k.string(member)):
            k.fail(member, "is not an RFC 3339 time")
    data = k.b64("data", 64)
    kfp = k.string("fingerprint")
    k.string("hint", False)
    if kfp.lower() != out["fingerprint"].lower():
        k.fail("fingerprint", "names another key than encryption.fingerprint")
    out["mode"] = e.string("mode")
    if out["mode"] not in ("drive", "software"):
        e.fail("mode", "is neither \"drive\" nor \"software\"")
    out["kdf"] = kind
    passphrase = tape["passphrase"]
    if passphrase is not None and AESGCM is not None:
        out["key_unwrapped"] = unwrap_key(kind, kdf_params, data, passphrase, out["fingerprint"], tape)
    return out


def unwrap_key(kind, p, data, passphrase, fingerprint, tape):
    """tape-crypto README, 'The key file': data = IV (16) || tag (16) || ciphertext (32)."""
    pw = passphrase.encode("utf-8")
    if kind == "PBKDF2":
        kek = hashlib.pbkdf2_hmac("sha256", pw, p["salt"], p["iter"], 32)
    else:
        kek = hashlib.scrypt(pw, salt=p["salt"], n=p["n"], r=p["r"], p=p["p"], maxmem=1100 << 20, dklen=32)
    try:
        key = AESGCM(kek).decrypt(data[:16], data[32:] + data[16:32], None)
    except Exception:
        return "wrong passphrase (or altered key config)"
    if key_fingerprint(key) != fingerprint.lower():
        return "fingerprint mismatch"
    tape["tape_key"] = key
    return "ok, fingerprint verified"


def key_fingerprint(key):
    id_key = hashlib.pbkdf2_hmac("sha256", key, b"_id_key", 10, 32)
    fp = hashlib.sha256(hashlib.sha256(b"Proxmox Backup Encryption Key Fingerprint").digest() + id_key).digest()
    return ":".join("%02x" % b for b in fp)


def hkdf(ikm, salt, info, length=32):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm, t, i = b"", b"", 1
    while len(okm) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        okm, i = okm + t, i + 1
    return okm[:length]


# ---------------------------------------------------------------------------- section 6: chunk archives


def entry_fields_problem(flags, plain, stored, encryption):
    """6.6 entry step 3 (without the reserved field): a description of what is wrong, or None."""
    if flags & ~(ZSTD | ENCRYPTED):
        return "unknown flag bits 0x%x" % flags
    if plain > MAX_CHUNK:
        return "plain length %d over 16 MiB" % plain
    allowed = {0: stored == plain, ZSTD: 0 < stored < plain, ENCRYPTED: stored == plain + SEAL_OVERHEAD,
               ZSTD | ENCRYPTED: SEAL_OVERHEAD < stored < plain + SEAL_OVERHEAD}[flags]
    if not allowed:
        return "stored length %d not allowed for flags %d and plain length %d" % (stored, flags, plain)
    if bool(flags & ENCRYPTED) != (encryption == "software"):
        return "ENCRYPTED %s in an archive with encryption %r" % ("set" if flags & ENCRYPTED else "clear", encryption)
    return None


def flag_names(flags):
    return [n for bit, n in ((ZSTD, "ZSTD"), (ENCRYPTED, "ENCRYPTED")) if flags & bit] + (
        ["0x%x" % (flags & ~3)] if flags & ~3 else [])


def check_chunk_archive(fs, hdr, rec, tape):
    if hdr["part"] != 0:
        raise FormatError("INVALID", 0, "chunk archive with part %d: chunk archives are never spanned" % hdr["part"])
    m = Members(strict_json(hdr["data"], "chunk archive"), "chunk archive")
    store, encryption = m.string("store"), m.string("encryption")
    if store == "":
        m.fail("store", "is empty")
    if encryption not in ("none", "software"):
        raise FormatError("TOO_NEW", 0, "chunk archive encryption %r unknown to this reader" % encryption)
    akid = m.uuid("archive_key_id", encryption == "software")
    if akid is not None and encryption == "none":
        m.fail("archive_key_id", "is present under encryption \"none\"")
    ca = rec["chunk_archive"] = {"store": store, "encryption": encryption,
                                 "archive_key_id": akid and uuid_text(akid), "entries": []}
    archive_key = None
    if encryption == "software" and tape.get("tape_key") and AESGCM is not None:
        archive_key = hkdf(hkdf(tape["tape_key"], hdr["media_set"], b"tapekit media set payload key v1"),
                           akid, b"tapekit archive payload key v1")
    P = fs.first["block_size"] - 64
    pos, start, s = hdr["body_start"], hdr["body_start"], fs.buf
    while True:
        block = fs.block_of(pos)
        if not fs.body_has(pos + 8):
            raise FormatError("CORRUPT", block, "the body ends without a chunk index")
        if s[pos:pos + 8] == INDEX_MAGIC:
            break
        if s[pos:pos + 8] != ENTRY_MAGIC:
            raise FormatError("CORRUPT", block, "no chunk entry here (stream offset %d)" % pos)
        if not fs.body_has(pos + 64):
            raise FormatError("INVALID", block, "entry header runs past the end of the body")
        h = bytes(s[pos:pos + 64])
        digest, (flags, plain, stored, scrc, reserved, hcrc) = h[8:40], u("IIIIII", h, 40)
        if crc32c(h[:60]) != hcrc:
            raise FormatError("CORRUPT", block, "chunk entry header CRC32C mismatch")
        problem = entry_fields_problem(flags, plain, stored, encryption) or (reserved and "reserved field not 0")
        if problem:
            raise FormatError("INVALID", block, "chunk entry: " + problem)
        e = {"digest": digest.hex(), "flags": flag_names(flags), "flags_value": flags, "plain_length": plain,
             "stored_length": stored, "stored_crc32c": "%08x" % scrc, "block": pos // P, "offset": pos % P}
        ca["entries"].append(e)
        if not fs.body_has(pos + 64 + stored):
            raise FormatError("INVALID", block, "stored bytes run past the end of the body")
        data = bytes(s[pos + 64:pos + 64 + stored])
        if crc32c(data) != scrc:
            raise FormatError("CORRUPT", block, "stored bytes CRC32C mismatch for chunk %s" % digest.hex())
        e["verified"] = verify_chunk(data, e, digest, hdr, akid, archive_key, len(ca["entries"]) - 1, block, rec)
        pos += 64 + stored
    rec["checks"].append("chunk entries (6.6 steps 1-8)")
    index_pos, block = pos, fs.block_of(pos)
    body = finish_generic(fs, hdr, rec)
    end = len(s) - 48
    if end - index_pos < 16:
        raise FormatError("CORRUPT", block, "chunk index header cut off by the end of the body")
    (count,) = u("Q", s, index_pos + 8)
    if count > MAX_INDEX_COUNT:
        raise FormatError("INVALID", block, "chunk index count %d above %d" % (count, MAX_INDEX_COUNT))
    tpos = index_pos + 16 + 56 * count
    if tpos + 48 > end:
        raise FormatError("INVALID", block, "index count %d places the trailer past the end of the body" % count)
    t, tblock = bytes(s[tpos:tpos + 48]), fs.block_of(tpos)
    if t[:8] != TRAILER_MAGIC or crc32c(t[:44]) != u("I", t, 44)[0]:
        raise FormatError("CORRUPT", tblock, "chunk index trailer magic or CRC32C wrong")
    tcount, tbody_off, tblk, toff, icrc = u("QQQII", t, 8)
    idx = bytes(s[index_pos:tpos])
    if crc32c(idx) != icrc:
        raise FormatError("CORRUPT", block, "chunk index CRC32C mismatch")
    ca["index"] = {"count": count, "block": tblk, "offset": toff, "body_offset": tbody_off, "crc32c": "%08x" % icrc}
    if (tcount != count or (tblk, toff) != (index_pos // P, index_pos % P) or tbody_off != index_pos - start
            or tpos + 48 != end):
        raise FormatError("INVALID", block, "index trailer (count %d, block %d, offset %d, body offset %d) does not "
                          "place the index where it was read" % (tcount, tblk, toff, tbody_off))
    listed, previous = {}, None
    for i in range(count):
        d, (eblk, eoff, flags, plain, stored) = idx[16 + 56 * i:48 + 56 * i], u("QIIII", idx, 48 + 56 * i)
        problem = entry_fields_problem(flags, plain, stored, encryption)
        if previous is not None and d <= previous:
            problem = "digests not in strictly ascending order"
        elif eoff >= P:
            problem = "offset %d not below %d" % (eoff, P)
        elif eblk * P + eoff >= index_pos:
            problem = "entry does not start before the index"
        if problem:
            raise FormatError("INVALID", block, "index entry %d: %s" % (i, problem))
        listed[d.hex()] = {"block": eblk, "offset": eoff, "flags_value": flags, "plain_length": plain,
                           "stored_length": stored}
        previous = d
    keys = ("block", "offset", "flags_value", "plain_length", "stored_length")
    read = {e["digest"]: {k: e[k] for k in keys} for e in ca["entries"]}
    ca["index"]["matches_entries"] = read == listed and len(read) == len(ca["entries"])
    if not ca["index"]["matches_entries"]:
        raise FormatError("INVALID", block, "the index does not list exactly the entries read, at their positions")
    if count != rec["items"]:
        raise FormatError("INVALID", fs.block_of(end), "footer items %d, index count %d" % (rec["items"], count))
    if rec["continued"]:
        raise FormatError("INVALID", fs.block_of(end), "chunk archive continued: chunk archives are never spanned")
    rec["checks"].append("chunk index (6.6 steps 1-5), index matches entries and footer items")
    return body


def verify_chunk(data, e, digest, hdr, akid, archive_key, number, block, rec):
    flags = e["flags_value"]
    if flags & ENCRYPTED:
        if archive_key is None:
            return "encrypted: stored CRC32C only (no key)"
        if data[0] != 1:
            raise FormatError("INVALID", block, "sealed payload version %d" % data[0])
        if data[1:13] != bytes(4) + struct.pack(">Q", number):
            rec["warnings"].append("chunk %s: nonce %s is not counter %d" % (e["digest"], data[1:13].hex(), number))
        try:
            data = AESGCM(archive_key).decrypt(data[1:13], data[13:], b"\x01" + hdr["media_set"] + akid + digest)
        except Exception:
            raise FormatError("CORRUPT", block, "authentication failure: chunk %s (wrong key or altered bytes)" % e["digest"])
    if flags & ZSTD:
        if zstandard is None:
            return "compressed, not verified"
        try:
            d = zstandard.ZstdDecompressor().decompressobj()
            out = d.decompress(data)
            if not d.eof or d.unused_data or len(out) != e["plain_length"]:
                raise ValueError("not exactly one frame of %d bytes" % e["plain_length"])
        except (ValueError, zstandard.ZstdError) as x:
            raise FormatError("INVALID", block, "zstd frame of chunk %s: %s" % (e["digest"], x))
        data = out
    if hashlib.sha256(data).digest() != digest:
        raise FormatError("CORRUPT", block, "chunk bytes do not hash to their digest %s" % e["digest"])
    return "sha256" + (" (decrypted)" if flags & ENCRYPTED else "")


# ---------------------------------------------------------------------------- section 7.2: snapshot archives


class Cursor:
    """Reads the variable part of a record; running past `end` raises ValueError (INVALID for the caller)."""

    def __init__(self, buf, pos, end):
        self.buf, self.pos, self.end = buf, pos, end

    def take(self, n, what):
        if n < 0 or self.pos + n > self.end:
            raise ValueError("%s runs past the end of the record" % what)
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def num(self, fmt, what):
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt), what))

    def text(self, lenfmt, what):
        (n,) = self.num(lenfmt, what + " length")
        return utf8_text(self.take(n, what), what)


def utf8_text(b, what):
    """7.2.2: texts are well-formed UTF-8 without NUL (Python's decoder refuses surrogates and overlongs)."""
    try:
        t = bytes(b).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("%s is not well-formed UTF-8" % what)
    if "\0" in t:
        raise ValueError("%s contains NUL" % what)
    return t


ENTRY_TYPES = {1: "regular file", 2: "directory", 3: "symlink", 4: "hard link", 5: "character device",
               6: "block device", 7: "FIFO", 8: "socket"}
MAX_SNAP_ENTRY, MIN_SNAP_ENTRY, SNAP_INTERVAL = 64 << 20, 104, 256
MAX_TIME = 253402300799


def path_problem(path):
    if path == "":
        return None
    if path.startswith("/") or path.endswith("/"):
        return "leading or trailing '/'"
    for c in path.split("/"):
        if c in ("", ".", ".."):
            return "empty, '.' or '..' component"
    return None


def parse_snapshot_entry(r):
    """7.2.2: decodes one entry record (CRC already checked); ValueError names the first broken field rule."""
    L = len(r)
    typ, reserved = r[12], r[13:16]
    mode, uid, gid, major, minor = u("IIIII", r, 16)
    times = [u("qI", r, off) for off in (36, 48, 60)]
    (size,) = u("Q", r, 72)
    c = Cursor(r, 80, L - 4)
    path, user, group = c.text("H", "path"), c.text("H", "user name"), c.text("H", "group name")
    target = c.text("H", "link target")
    (h,) = c.num("I", "hole count")
    hb = c.take(16 * h, "holes")
    holes = [u("QQ", hb, 16 * i) for i in range(h)]
    (x,) = c.num("I", "xattr count")
    if 5 * x > c.end - c.pos:
        raise ValueError("xattr count %d runs past the end of the record" % x)
    xattrs = []
    for i in range(x):
        (n,) = c.num("B", "xattr name length")
        name = c.take(n, "xattr name")
        (v,) = c.num("I", "xattr value length")
        xattrs.append((bytes(name), bytes(c.take(v, "xattr value"))))
    (nc,) = c.num("I", "chunk count")
    cb = c.take(36 * nc, "chunks")
    chunks = [(bytes(cb[36 * i:36 * i + 32]), u("I", cb, 36 * i + 32)[0]) for i in range(nc)]
    if c.pos != L - 4:
        raise ValueError("the chunk list ends at %d, not at L - 4 = %d" % (c.pos, L - 4))
    # field rules
    if typ not in ENTRY_TYPES:
        raise ValueError("type %d unknown" % typ)
    if reserved != b"\0\0\0":
        raise ValueError("reserved bytes 13..15 not 0")
    if mode > 0o7777:
        raise ValueError("mode %o above 07777" % mode)
    if typ not in (5, 6) and (major or minor):
        raise ValueError("device numbers %d:%d on a type %d entry" % (major, minor, typ))
    for what, (sec, ns) in zip(("mtime", "atime", "ctime"), times):
        if ns >= 1_000_000_000:
            raise ValueError("%s nanoseconds %d not below 10^9" % (what, ns))
    if size > 2**63 - 1 or (typ != 1 and size != 0):
        raise ValueError("size %d on a type %d entry" % (size, typ))
    pp = path_problem(path)
    if pp:
        raise ValueError("path %r: %s" % (path, pp))
    if path == "" and typ != 2:
        raise ValueError("the root (empty path) is not a directory")
    if typ == 3 and target == "":
        raise ValueError("symlink without a target")
    if typ == 4:
        tp = path_problem(target)
        if tp or target.encode() >= path.encode():
            raise ValueError("hard link target %r is not a path sorting before %r" % (target, path))
    if typ not in (3, 4) and target != "":
        raise ValueError("link target on a type %d entry" % typ)
    if typ != 1 and (holes or chunks):
        raise ValueError("holes or chunks on a type %d entry" % typ)
    end = 0
    for off, ln in holes:
        if ln == 0 or off < end or off + ln > size:
            raise ValueError("holes not sorted, empty, overlapping or beyond the size")
        end = off + ln
    for d, ln in chunks:
        if not 1 <= ln <= MAX_CHUNK:
            raise ValueError("chunk length %d not from 1 to 16 MiB" % ln)
    if typ == 1 and sum(ln for _, ln in chunks) + sum(ln for _, ln in holes) != size:
        raise ValueError("chunks and holes do not add up to the size %d" % size)
    previous = None
    for name, _ in xattrs:
        if not 1 <= len(name) <= 255:
            raise ValueError("xattr name of %d bytes" % len(name))
        utf8_text(name, "xattr name")
        if previous is not None and name <= previous:
            raise ValueError("xattr names not unique and ascending")
        previous = name
    return {"path": path, "type": typ, "type_name": ENTRY_TYPES[typ], "size": size, "mode": "%04o" % mode,
            "uid": uid, "gid": gid, "user": user, "group": group, "device": [major, minor],
            "mtime": list(times[0]), "atime": list(times[1]), "ctime": list(times[2]), "link_target": target,
            "holes": len(holes), "hole_list": [list(x) for x in holes], "xattrs": len(xattrs),
            "xattr_names": [n.decode("utf-8") for n, _ in xattrs], "chunks": nc,
            "chunk_bytes": sum(ln for _, ln in chunks)}


def snapshot_header_data(hdr):
    """7.2.1."""
    if hdr["part"] != 0:
        raise FormatError("INVALID", 0, "snapshot archive with part %d: snapshot archives are never spanned" % hdr["part"])
    m = Members(strict_json(hdr["data"], "snapshot archive"), "snapshot archive")
    out = {"snapshot": m.string("snapshot"), "source": m.string("source")}
    for k in ("snapshot", "source"):
        if out[k] == "":
            m.fail(k, "is empty")
    out["created"] = m.time("created")
    out["created_text"] = time_text(out["created"])
    return out


def check_snapshot_archive(fs, hdr, rec):
    sa = rec["snapshot_archive"] = snapshot_header_data(hdr)
    sa["entries"] = []
    P, start, s = fs.first["block_size"] - 64, hdr["body_start"], fs.buf
    pos, previous, expected_index, link_sources = start, None, [], set()
    while True:   # 7.2.6, an entry, steps 1-5
        block = fs.block_of(pos)
        if not fs.body_has(pos + 8):
            raise FormatError("TRUNCATED", block, "the body ends without a snapshot index (stream offset %d)" % pos)
        if s[pos:pos + 8] == SNAP_INDEX_MAGIC:
            break
        if s[pos:pos + 8] != SNAP_ENTRY_MAGIC:
            raise FormatError("CORRUPT", block, "no snapshot entry here (stream offset %d)" % pos)
        if not fs.body_has(pos + 12):
            raise FormatError("TRUNCATED", block, "the body ends inside a snapshot entry's length")
        (L,) = u("I", s, pos + 8)
        if not MIN_SNAP_ENTRY <= L <= MAX_SNAP_ENTRY:
            raise FormatError("CORRUPT", block, "snapshot entry length %d not from 104 to 64 MiB" % L)
        if not fs.body_has(pos + L):
            raise FormatError("TRUNCATED", block, "snapshot entry of %d bytes runs past the end of the body" % L)
        r = bytes(s[pos:pos + L])
        if crc32c(r[:L - 4]) != u("I", r, L - 4)[0]:
            raise FormatError("CORRUPT", block, "snapshot entry CRC32C mismatch")
        try:
            e = parse_snapshot_entry(r)
        except ValueError as x:
            raise FormatError("INVALID", block, "snapshot entry %d: %s" % (len(sa["entries"]), x))
        pb = e["path"].encode("utf-8")
        if previous is not None and pb <= previous:
            raise FormatError("INVALID", block, "path %r does not sort after the previous entry's" % e["path"])
        if e["type"] == 4 and e["link_target"] not in link_sources:
            raise FormatError("INVALID", block, "hard link %r: target %r is not an earlier entry other than a hard link"
                              % (e["path"], e["link_target"]))
        if e["type"] != 4:
            link_sources.add(e["path"])
        e["block"], e["offset"] = pos // P, pos % P
        if len(sa["entries"]) % SNAP_INTERVAL == 0:
            expected_index.append((len(sa["entries"]), pos // P, pos % P, pb))
        sa["entries"].append(e)
        previous, pos = pb, pos + L
    rec["checks"].append("snapshot entries (7.2.6 steps 1-5)")
    sa["entry_count"] = len(sa["entries"])
    index_pos, iblock = pos, fs.block_of(pos)
    body = finish_generic(fs, hdr, rec)
    end, last = len(s) - 48, fs.read - 1
    tpos = end - 48
    if tpos < index_pos + 8:   # (1) the index magic was seen at index_pos
        raise FormatError("CORRUPT", last, "no room for a snapshot index trailer after the index magic")
    t = bytes(s[tpos:end])
    if t[:8] != SNAP_TRAILER_MAGIC or crc32c(t[:44]) != u("I", t, 44)[0]:
        raise FormatError("CORRUPT", last, "snapshot index trailer magic or CRC32C wrong")
    tentries, tbody_off, tblk, toff, ilen, icrc = u("QQQIII", t, 8)
    sa["index"] = {"entries": tentries, "body_offset": tbody_off, "block": tblk, "offset": toff, "length": ilen,
                   "crc32c": "%08x" % icrc}
    if ilen != tpos - index_pos:
        raise FormatError("INVALID", iblock, "index length %d, but %d bytes lie before the trailer" % (ilen, tpos - index_pos))
    idx = bytes(s[index_pos:tpos])
    if crc32c(idx) != icrc:
        raise FormatError("CORRUPT", iblock, "snapshot index CRC32C mismatch")
    if len(idx) < 24:
        raise FormatError("INVALID", iblock, "snapshot index header cut off (%d bytes)" % len(idx))
    count, interval, reserved = u("QII", idx, 8)
    sa["index"].update({"count": count, "interval": interval})
    problems = []
    if count != -(-tentries // SNAP_INTERVAL):
        problems.append("count %d is not ceil(%d / 256)" % (count, tentries))
    if interval != SNAP_INTERVAL:
        problems.append("interval %d" % interval)
    if reserved:
        problems.append("reserved not 0")
    if (tblk, toff) != (index_pos // P, index_pos % P) or tbody_off != index_pos - start:
        problems.append("trailer block %d offset %d body offset %d, but the index was read at block %d offset %d "
                        "body offset %d" % (tblk, toff, tbody_off, index_pos // P, index_pos % P, index_pos - start))
    if problems:
        raise FormatError("INVALID", iblock, "snapshot index: " + "; ".join(problems))
    listed, p, prev_pos, prev_path = [], 24, -1, None
    if 22 * count > len(idx) - 24:
        raise FormatError("INVALID", iblock, "snapshot index count %d does not fit the index" % count)
    for i in range(count):
        problem = None
        if p + 22 > len(idx):
            problem = "cut off"
        else:
            ordinal, blk, off, plen = u("QQIH", idx, p)
            path = idx[p + 22:p + 22 + plen]
            if p + 22 + plen > len(idx):
                problem = "path cut off"
            elif ordinal != i * SNAP_INTERVAL:
                problem = "ordinal %d, not %d" % (ordinal, i * SNAP_INTERVAL)
            elif off >= P:
                problem = "offset %d not below %d" % (off, P)
            elif blk * P + off <= prev_pos or blk * P + off >= index_pos:
                problem = "position not strictly ascending or not before the index"
            elif prev_path is not None and path <= prev_path:
                problem = "paths not strictly ascending"
        if problem:
            raise FormatError("INVALID", iblock, "snapshot index entry %d: %s" % (i, problem))
        listed.append((ordinal, blk, off, path))
        prev_pos, prev_path, p = blk * P + off, path, p + 22 + plen
    if p != len(idx):
        raise FormatError("INVALID", iblock, "%d bytes left over after the snapshot index entries" % (len(idx) - p))
    rec["checks"].append("snapshot index (7.2.6 index steps 1-6)")
    sa["index"]["matches_entries"] = listed == expected_index
    if listed != expected_index:
        raise FormatError("INVALID", iblock, "the sparse index is not the index of the entries read")
    if not tentries == rec["items"] == len(sa["entries"]):
        raise FormatError("INVALID", last, "trailer entries %d, footer items %d, entries read %d"
                          % (tentries, rec["items"], len(sa["entries"])))
    if rec["continued"]:
        raise FormatError("INVALID", last, "snapshot archive continued: snapshot archives are never spanned")
    rec["checks"].append("snapshot streaming (7.2.6): index matches entries, trailer entries = footer items")
    return body


# ---------------------------------------------------------------------------- section 7.3: catalog archives


TAPE_FILE, CHUNKS, SNAPSHOT, END = 1, 2, 3, 4
RECORD_NAMES = {TAPE_FILE: "TAPE_FILE", CHUNKS: "CHUNKS", SNAPSHOT: "SNAPSHOT", END: "END"}
MAX_RECORD, MAX_PAYLOAD_OFFSET = 1 << 20, 4_194_240
CHUNK_ARCHIVE_MAGIC, SNAPSHOT_ARCHIVE_MAGIC = magic("tapekit chunk archive"), magic("tapekit snapshot archive")


def catalog_header_data(hdr):
    """7.3.1."""
    if hdr["part"] != 0:
        raise FormatError("INVALID", 0, "catalog archive with part %d: catalog archives are never spanned" % hdr["part"])
    m = Members(strict_json(hdr["data"], "catalog archive"), "catalog archive")
    ms = m.uuid("media_set")
    if ms == NIL_UUID:
        m.fail("media_set", "is the nil UUID")
    if ms != hdr["media_set"]:
        m.fail("media_set", "differs from the content header's media set UUID")
    pool = m.string("pool")
    if pool == "":
        m.fail("pool", "is empty")
    tapes = m.get("tapes")
    if not isinstance(tapes, list) or not tapes:
        m.fail("tapes", "is not a non-empty array")
    out, prev = [], -1
    for i, t in enumerate(tapes):
        if not isinstance(t, dict):
            m.fail("tapes[%d]" % i, "is not an object")
        tm = Members(t, "catalog archive", "tapes[%d]." % i)
        seq, label, media = tm.integer("sequence", 0, 2**31 - 1), tm.string("label"), tm.uuid("media")
        if label == "":
            tm.fail("label", "is empty")
        if media == NIL_UUID:
            tm.fail("media", "is the nil UUID")
        if seq <= prev:
            tm.fail("sequence", "is not above the previous tape's")
        prev = seq
        out.append({"sequence": seq, "label": label, "media": uuid_text(media)})
    if prev != hdr["sequence"]:
        m.fail("tapes", "does not end with this tape (sequence %d)" % hdr["sequence"])
    return {"media_set": uuid_text(ms), "pool": pool, "tapes": out}


def catalog_record_fields(typ, r, tape_seqs):
    """7.3.4 step 5 for the known types: returns the decoded record or raises ValueError."""
    L = len(r)
    if u("H", r, 10)[0] != 0:
        raise ValueError("reserved bytes 10..11 not 0")
    if typ == TAPE_FILE:
        if L != 100:
            raise ValueError("TAPE_FILE length %d, not 100" % L)
        seq, res, fno, flo = u("IIQQ", r, 16)
        ctype = r[40:48]
        cver, flags, part = u("HHI", r, 48)
        fid = r[56:72]
        ctime, body_len, items = u("qQQ", r, 72)
        if res:
            raise ValueError("reserved bytes 20..23 not 0")
        if seq not in tape_seqs:
            raise ValueError("tape sequence %d is not one of the header data's tapes" % seq)
        if fno < 2 or flo < 2 * fno:
            raise ValueError("file number %d, first logical object %d" % (fno, flo))
        if cver < 1 or flags & ~1 or part > 2**31 - 1 or fid == NIL_UUID:
            raise ValueError("content version %d, flags 0x%x, part %d or nil file UUID" % (cver, flags, part))
        if not 0 <= ctime <= MAX_TIME or body_len > 2**63 - 1 or items > 2**63 - 1:
            raise ValueError("ctime %d, body length %d or items %d out of range" % (ctime, body_len, items))
        name = CONTENT_TYPES.get(ctype, (None,))[0]
        return {"tape_sequence": seq, "file_number": fno, "first_logical_object": flo,
                "content_type": name or "unknown", "content_type_magic": ctype.hex(), "content_version": cver,
                "continued": bool(flags & 1), "part": part, "file_uuid": uuid_text(fid), "ctime": ctime,
                "ctime_text": time_text(ctime), "body_length": body_len, "items": items}
    if typ == CHUNKS:
        seq, n, fno, first = u("IIQQ", r, 16)
        if not 1 <= n <= 4096:
            raise ValueError("CHUNKS count %d not from 1 to 4096" % n)
        if L != 44 + 56 * n:
            raise ValueError("CHUNKS length %d, not 44 + 56 * %d" % (L, n))
        chunks, prev = [], None
        for i in range(n):
            o = 40 + 56 * i
            d, (blk, off, flags, plain, stored) = r[o:o + 32], u("QIIII", r, o + 32)
            problem = None
            if flags & ~(ZSTD | ENCRYPTED):
                problem = "unknown flag bits 0x%x" % flags
            elif plain > MAX_CHUNK:
                problem = "plain length %d over 16 MiB" % plain
            elif not {0: stored == plain, ZSTD: 0 < stored < plain, ENCRYPTED: stored == plain + SEAL_OVERHEAD,
                      ZSTD | ENCRYPTED: SEAL_OVERHEAD < stored < plain + SEAL_OVERHEAD}[flags]:
                problem = "stored length %d not allowed for flags %d, plain length %d" % (stored, flags, plain)
            elif off >= MAX_PAYLOAD_OFFSET:
                problem = "offset %d not below any block's payload" % off
            elif prev is not None and d <= prev:
                problem = "digests not strictly ascending"
            if problem:
                raise ValueError("CHUNKS entry %d: %s" % (i, problem))
            chunks.append((d.hex(), blk, off, flags, plain, stored))
            prev = d
        return {"tape_sequence": seq, "count": n, "file_number": fno, "first": first, "chunks": chunks}
    if typ == SNAPSHOT:
        seq, ioff, fno, entries, iblk, created = u("IIQQQq", r, 16)
        c = Cursor(r, 56, L - 4)
        name, source = c.text("H", "name"), c.text("H", "source")
        if c.pos != L - 4:
            raise ValueError("SNAPSHOT length %d, not 64 + a + b" % L)
        if name == "" or source == "":
            raise ValueError("empty name or source")
        if ioff >= MAX_PAYLOAD_OFFSET or not 0 <= created <= MAX_TIME:
            raise ValueError("index offset %d or created %d out of range" % (ioff, created))
        return {"tape_sequence": seq, "file_number": fno, "entries": entries, "index_block": iblk,
                "index_offset": ioff, "created": created, "created_text": time_text(created),
                "snapshot": name, "source": source}
    if L != 60:
        raise ValueError("END length %d, not 60" % L)
    return dict(zip(("tape_files", "chunk_records", "chunks", "snapshots", "skipped"), u("QQQQQ", r, 16)))


class CatalogRules:
    """7.3.3, checked record by record; holds per described file its type and a few counts."""

    def __init__(self):
        self.files = {}            # (tape, file) -> {"type", "items", "listed", "run": None|"open"|"closed", "snaps"}
        self.last_key = None
        self.run = None            # (key, last digest) of the chunk archive whose CHUNKS are being read
        self.counts = {TAPE_FILE: 0, CHUNKS: 0, SNAPSHOT: 0, END: 0}
        self.chunks = 0
        self.skipped = {}

    def close_run(self):
        if self.run:
            f = self.files[self.run[0]]
            f["run"] = "closed"
            if f["listed"] != f["items"]:
                raise ValueError("the CHUNKS records of tape %d file %d list %d chunks, its TAPE_FILE says %d items"
                                 % (self.run[0] + (f["listed"], f["items"])))
            self.run = None

    def check(self, typ, d):
        if typ == TAPE_FILE:
            key = (d["tape_sequence"], d["file_number"])
            if self.last_key is not None and key <= self.last_key:
                raise ValueError("TAPE_FILE (tape %d, file %d) does not follow (tape %d, file %d)" % (key + self.last_key))
            self.last_key = key
            self.files[key] = {"type": d["content_type_magic"], "items": d["items"], "listed": 0, "run": None, "snaps": 0}
        elif typ == CHUNKS:
            key = (d["tape_sequence"], d["file_number"])
            f = self.files.get(key)
            if f is None or f["type"] != CHUNK_ARCHIVE_MAGIC.hex():
                raise ValueError("CHUNKS for tape %d file %d, which no earlier TAPE_FILE describes as a chunk archive" % key)
            if self.run and self.run[0] != key:
                self.close_run()
            if f["run"] == "closed":
                raise ValueError("CHUNKS records of tape %d file %d are not consecutive" % key)
            if d["first"] != f["listed"]:
                raise ValueError("CHUNKS first %d, %d listed before" % (d["first"], f["listed"]))
            if self.run and d["chunks"][0][0] <= self.run[1]:
                raise ValueError("digests do not ascend across the CHUNKS records of tape %d file %d" % key)
            f["listed"] += d["count"]
            if f["listed"] > f["items"]:
                raise ValueError("CHUNKS list more chunks than the archive's %d items" % f["items"])
            f["run"], self.run = "open", (key, d["chunks"][-1][0])
            self.chunks += d["count"]
        elif typ == SNAPSHOT:
            key = (d["tape_sequence"], d["file_number"])
            f = self.files.get(key)
            if f is None or f["type"] != SNAPSHOT_ARCHIVE_MAGIC.hex():
                raise ValueError("SNAPSHOT for tape %d file %d, which no earlier TAPE_FILE describes as a snapshot "
                                 "archive" % key)
            if f["snaps"]:
                raise ValueError("a second SNAPSHOT record for tape %d file %d" % key)
            if d["entries"] != f["items"]:
                raise ValueError("SNAPSHOT entries %d, TAPE_FILE items %d" % (d["entries"], f["items"]))
            f["snaps"] = 1
        else:
            self.close_run()
            for key, f in self.files.items():
                if f["type"] == CHUNK_ARCHIVE_MAGIC.hex() and f["listed"] != f["items"]:
                    raise ValueError("chunk archive tape %d file %d: %d chunks listed, %d items" % (key + (f["listed"], f["items"])))
                if f["type"] == SNAPSHOT_ARCHIVE_MAGIC.hex() and not f["snaps"]:
                    raise ValueError("snapshot archive tape %d file %d has no SNAPSHOT record" % key)
            want = (self.counts[TAPE_FILE], self.counts[CHUNKS], self.chunks, self.counts[SNAPSHOT],
                    sum(self.skipped.values()))
            got = tuple(d[k] for k in ("tape_files", "chunk_records", "chunks", "snapshots", "skipped"))
            if got != want:
                raise ValueError("END counts %s, records before it %s" % (got, want))
        self.counts[typ] += 1


def check_catalog_archive(fs, hdr, rec):
    ca = rec["catalog_archive"] = catalog_header_data(hdr)
    tape_seqs = {t["sequence"] for t in ca["tapes"]}
    rules, s, pos, records = CatalogRules(), fs.buf, hdr["body_start"], 0
    tape_files, snapshots, chunk_lists = [], [], {}
    while True:   # 7.3.4 steps 1-6
        block = fs.block_of(pos)
        if not fs.body_has(pos + 1):
            raise FormatError("TRUNCATED", block, "the body ends before a record, without an END record")
        if not fs.body_has(pos + 16):
            raise FormatError("TRUNCATED", block, "the body ends inside a record header")
        if s[pos:pos + 8] != RECORD_MAGIC:
            raise FormatError("CORRUPT", block, "no catalog record here (stream offset %d)" % pos)
        typ, _, L = u("HHI", s, pos + 8)
        if not 20 <= L <= MAX_RECORD:
            raise FormatError("CORRUPT", block, "catalog record length %d not from 20 to 1 MiB" % L)
        if not fs.body_has(pos + L):
            raise FormatError("TRUNCATED", block, "the body ends inside a record of %d bytes" % L)
        r = bytes(s[pos:pos + L])
        if crc32c(r[:L - 4]) != u("I", r, L - 4)[0]:
            raise FormatError("CORRUPT", block, "catalog record CRC32C mismatch")
        records += 1
        pos += L
        if typ not in RECORD_NAMES:
            rules.skipped[typ] = rules.skipped.get(typ, 0) + 1
            continue
        try:
            d = catalog_record_fields(typ, r, tape_seqs)
        except ValueError as x:
            raise FormatError("INVALID", block, "catalog record %d (%s): %s" % (records - 1, RECORD_NAMES[typ], x))
        try:
            rules.check(typ, d)
        except ValueError as x:
            raise FormatError("INVALID", block, "catalog record %d (%s): %s" % (records - 1, RECORD_NAMES[typ], x))
        if typ == TAPE_FILE:
            tape_files.append(d)
        elif typ == SNAPSHOT:
            snapshots.append(d)
        elif typ == CHUNKS:
            chunk_lists.setdefault((d["tape_sequence"], d["file_number"]), []).extend(d["chunks"])
        else:
            ca["end"] = d
            break
    rec["checks"].append("catalog records (7.3.4 steps 1-6, 7.3.3)")
    if fs.body_has(pos + 1):   # step 7
        raise FormatError("INVALID", fs.block_of(pos), "body bytes after the END record")
    body = finish_generic(fs, hdr, rec)
    last = fs.read - 1
    if rec["items"] != records:
        raise FormatError("INVALID", last, "footer items %d, records read %d" % (rec["items"], records))
    if rec["continued"]:
        raise FormatError("INVALID", last, "catalog archive continued: catalog archives are never spanned")
    rec["checks"].append("catalog END and footer items (7.3.4 step 7)")
    ca["records"] = records
    ca["record_counts"] = {RECORD_NAMES[t]: n for t, n in rules.counts.items()}
    ca["record_counts"]["skipped"] = {str(t): n for t, n in sorted(rules.skipped.items())}
    ca["chunks"] = rules.chunks
    ca["tape_files"], ca["snapshots"] = tape_files, snapshots
    rec["_chunk_lists"] = chunk_lists
    return body


def cross_check_catalogs(tapes):
    """Not checks FORMAT.md lists: a catalog archive against the files of the images given (warnings only)."""
    by_seq = {}
    for out, tape in tapes:
        sl = tape.get("set_label")
        if sl:
            by_seq[(sl["media_set"], sl["sequence"])] = (out, tape)
    for out, _ in tapes:
        for rec in out["files"]:
            ca = rec.get("catalog_archive")
            if not ca or rec["error"] or "tape_files" not in ca:
                continue
            xc = ca["cross_check"] = {"compared": 0, "not_available": 0, "mismatches": []}
            for t in ca["tapes"]:
                o = by_seq.get((ca["media_set"], t["sequence"]))
                if o and (o[1].get("label", {}).get("label"), o[1].get("label", {}).get("media")) != (t["label"], t["media"]):
                    xc["mismatches"].append("tape %d: label/media %s/%s, image has %s/%s" % (
                        t["sequence"], t["label"], t["media"], o[1].get("label", {}).get("label"),
                        o[1].get("label", {}).get("media")))
            lists = rec.get("_chunk_lists", {})
            snaps = {(x["tape_sequence"], x["file_number"]): x for x in ca["snapshots"]}
            for tf in ca["tape_files"]:
                o = by_seq.get((ca["media_set"], tf["tape_sequence"]))
                if not o or tf["file_number"] >= len(o[0]["files"]):
                    xc["not_available"] += 1
                    continue
                files = o[0]["files"]
                f = files[tf["file_number"]]
                flo = sum(x["blocks"] + 1 for x in files[:tf["file_number"]])
                actual = {"first_logical_object": flo, "content_type_magic": f.get("content_type_magic"),
                          "content_version": f.get("content_version"), "continued": f.get("continued"),
                          "part": f.get("header_part"), "file_uuid": f.get("file_uuid"), "ctime": f.get("ctime"),
                          "body_length": f.get("body_length"), "items": f.get("items")}
                xc["compared"] += 1
                for k, v in actual.items():
                    if tf[k] != v:
                        xc["mismatches"].append("tape %d file %d: %s %r in the catalog, %r on tape" % (
                            tf["tape_sequence"], tf["file_number"], k, tf[k], v))
                key = (tf["tape_sequence"], tf["file_number"])
                if "chunk_archive" in f and "index" in f["chunk_archive"]:
                    have = sorted((e["digest"], e["block"], e["offset"], e["flags_value"], e["plain_length"],
                                   e["stored_length"]) for e in f["chunk_archive"]["entries"])
                    if have != lists.get(key, []):
                        xc["mismatches"].append("tape %d file %d: CHUNKS differ from the archive's entries" % key)
                sa = f.get("snapshot_archive")
                if sa and "index" in sa and key in snaps:
                    sn = snaps[key]
                    got = (sn["entries"], sn["index_block"], sn["index_offset"], sn["created"], sn["snapshot"], sn["source"])
                    want = (sa["entry_count"], sa["index"]["block"], sa["index"]["offset"], sa["created"],
                            sa["snapshot"], sa["source"])
                    if got != want:
                        xc["mismatches"].append("tape %d file %d: SNAPSHOT %s, archive %s" % (key + (got, want)))
            for m in xc["mismatches"]:
                rec["warnings"].append("catalog cross-check: " + m)


# ---------------------------------------------------------------------------- tapes and files


def describe_file(tape, number, blocks, terminator):
    rec = {"file": number, "blocks": len(blocks), "terminated_by": terminator, "checks": [], "warnings": [],
           "error": None}
    fs = FileStream(blocks, terminator)
    try:
        hdr, verdict = read_content_header(fs, rec)
        rec["_hdr"] = hdr
        if verdict is not None:   # still check the generic layers, so that parts can be joined
            try:
                rec["_body"] = finish_generic(fs, hdr, rec)
                previous_part(hdr, rec)
            except FormatError as e:
                rec["secondary_error"] = {"kind": e.kind, "block": e.block, "message": e.message}
            raise verdict
        if hdr["file_uuid"] != fs.first["stream"]:
            raise FormatError("MISPLACED", 0, "file UUID differs from the blocks' stream UUID")
        if hdr["part"] != fs.first["part"]:
            raise FormatError("MISPLACED", 0, "content header part %d, blocks part %d" % (hdr["part"], fs.first["part"]))
        rec["checks"].append("content header (4.1)")
        wanted = {0: MEDIA_LABEL, 1: MEDIA_SET_LABEL}.get(number)
        is_label = hdr["type"] in (MEDIA_LABEL, MEDIA_SET_LABEL)
        if (wanted or is_label) and hdr["type"] != wanted:
            raise FormatError("MISPLACED", 0, "a %s as tape file %d" % (hdr["type"], number))
        if is_label:
            rec["_body"] = finish_generic(fs, hdr, rec)
            rec["label_fields"] = check_label(fs, hdr, rec, rec["_body"], tape)
        elif hdr["type"] == DATA_STREAM:
            rec["_body"] = check_data_stream(fs, hdr, rec)
            check_against_labels(hdr, rec, fs, tape)
        elif hdr["type"] == SNAPSHOT_ARCHIVE:
            rec["_body"] = check_snapshot_archive(fs, hdr, rec)
            check_against_labels(hdr, rec, fs, tape)
        elif hdr["type"] == CATALOG_ARCHIVE:
            rec["_body"] = check_catalog_archive(fs, hdr, rec)
            check_against_labels(hdr, rec, fs, tape)
        else:
            rec["_body"] = check_chunk_archive(fs, hdr, rec, tape)
            check_against_labels(hdr, rec, fs, tape)
    except FormatError as e:
        rec["error"] = {"kind": e.kind, "tape": tape["name"], "file": number, "block": e.block, "message": e.message}
    if fs.first is not None:
        rec.update({"block_size": fs.first["block_size"], "stream_uuid": uuid_text(fs.first["stream"]),
                    "part": fs.first["part"]})
    return rec


def check_data_stream(fs, hdr, rec):
    """Section 7.1: header data any JSON object (part 0), an opaque body, item count 0."""
    if hdr["part"] == 0:
        strict_json(hdr["data"], "data stream")
    else:
        previous_part(hdr, rec)
    body = finish_generic(fs, hdr, rec)
    if rec["items"] != 0:
        raise FormatError("INVALID", fs.block_of(len(fs.buf) - 48), "data stream footer counts %d items, not 0 (7.1)"
                          % rec["items"])
    rec["checks"].append("data stream (7.1)")
    return body


def previous_part(hdr, rec):
    """Section 8: the header data of parts after the first: {"previous_volume": name, "previous_file": n}."""
    if hdr["part"] > 0:
        m = Members(strict_json(hdr["data"], "part %d" % hdr["part"]), "part %d header data" % hdr["part"])
        rec["previous"] = {"volume": m.name("previous_volume"), "file": m.integer("previous_file", 0, 2**63)}


def check_against_labels(hdr, rec, fs, tape):
    """Not checks FORMAT.md lists: consistency with the labels, reported as warnings only."""
    sl = tape.get("set_label")
    if sl is None:
        rec["warnings"].append("data file on a tape without a valid media set label")
        return
    if uuid_text(hdr["media_set"]) != sl["media_set"] or hdr["sequence"] != sl["sequence"]:
        rec["warnings"].append("media set UUID or tape sequence differs from the media set label")
    if fs.first["block_size"] != sl["block_size"]:
        rec["warnings"].append("block size differs from the media set label's block_size")
    mode = sl.get("encryption", {}).get("mode")
    enc = rec.get("chunk_archive", {}).get("encryption")
    if "chunk_archive" in rec and (enc == "software") != (mode == "software"):
        rec["warnings"].append("chunk archive encryption %r in a set with encryption mode %r" % (enc, mode))


def describe_tape(path, passphrase):
    tape = {"image": path, "name": os.path.basename(path), "passphrase": passphrase}
    files, problem = read_image(path)
    out = {"image": path, "image_problem": problem, "blank": not files and problem is None, "files": []}
    for number, (blocks, terminator) in enumerate(files):
        rec = describe_file(tape, number, blocks, terminator)
        if number == 0 and "label" in tape:
            tape["name"] = tape["label"]["label"]
        out["files"].append(rec)
    out["tape"] = tape["name"]
    out["media_uuid"] = tape.get("label", {}).get("media")
    tape.pop("passphrase")
    return out, tape


def join_spans(tapes):
    """Section 8: follow every part 0 with CONTINUED through the following tapes."""
    for ti, (out, _) in enumerate(tapes):
        for rec in out["files"]:
            hdr = rec.get("_hdr")
            if not hdr or hdr["part"] != 0 or not rec.get("continued") or "_body" not in rec:
                continue
            parts, cur, cur_tape = [rec], rec, ti
            span = rec["span"] = {"parts": [{"tape": out["tape"], "file": rec["file"], "part": 0,
                                             "body_length": len(rec["_body"])}], "complete": False}
            while cur.get("continued"):
                p = cur["_hdr"]["part"] + 1
                if cur_tape + 1 >= len(tapes):
                    err(rec, "TRUNCATED", rec["file"], 0, "part %d of file %s, following tape %s file %d, cannot be had"
                        % (p, rec["file_uuid"], tapes[cur_tape][0]["tape"], cur["file"]), tapes[ti][0]["tape"])
                    break
                nxt_out = tapes[cur_tape + 1][0]
                cands = [g for g in nxt_out["files"] if g.get("file_uuid") == rec["file_uuid"]]
                if not cands:
                    err(rec, "TRUNCATED", rec["file"], 0, "part %d of file %s is not on tape %s (following tape %s file %d)"
                        % (p, rec["file_uuid"], nxt_out["tape"], tapes[cur_tape][0]["tape"], cur["file"]), out["tape"])
                    break
                g, gh = cands[0], cands[0]["_hdr"]
                g["joined"] = True
                why = None
                if gh["part"] != p or g.get("part") != p:
                    why = "part %d where part %d was expected" % (gh["part"], p)
                elif (gh["type"], gh["version"], gh["media_set"]) != (hdr["type"], hdr["version"], hdr["media_set"]):
                    why = "content type, version or media set differ from part 0"
                elif g.get("previous") != {"volume": tapes[cur_tape][0]["tape"], "file": cur["file"]}:
                    why = "previous_volume/previous_file %s do not name tape %s file %d" % (
                        g.get("previous"), tapes[cur_tape][0]["tape"], cur["file"])
                if why:
                    err(g, "MISPLACED", g["file"], 0, why, nxt_out["tape"])
                    break
                if "_body" not in g or (g["error"] and g["error"]["kind"] != "TOO_NEW"):
                    span["failed_part"] = {"tape": nxt_out["tape"], "file": g["file"]}
                    break
                if gh["sequence"] != cur["_hdr"]["sequence"] + 1:
                    g["warnings"].append("tape sequence %d does not follow %d" % (gh["sequence"], cur["_hdr"]["sequence"]))
                span["parts"].append({"tape": nxt_out["tape"], "file": g["file"], "part": p,
                                      "body_length": len(g["_body"])})
                parts.append(g)
                cur, cur_tape = g, cur_tape + 1
            else:
                body = b"".join(x["_body"] for x in parts)
                span.update({"complete": True, "body_length": len(body), "body_crc32c": "%08x" % crc32c(body),
                             "body_sha256": hashlib.sha256(body).hexdigest(), "items": cur["items"]})
                if any(x["items"] for x in parts[:-1]):
                    rec["warnings"].append("a part before the last has a non-zero item count")
    for out, _ in tapes:   # 8: a reader handed a part other than 0 to start with refuses it
        for rec in out["files"]:
            if rec.get("_hdr") and rec["_hdr"]["part"] > 0 and not rec.get("joined"):
                err(rec, "MISPLACED", rec["file"], 0, "part %d without its previous part" % rec["_hdr"]["part"], out["tape"])


def err(rec, kind, file, block, message, tape):
    if rec["error"] is None or rec["error"]["kind"] == "TOO_NEW":
        if rec["error"]:
            rec.setdefault("secondary_error", rec["error"])
        rec["error"] = {"kind": kind, "tape": tape, "file": file, "block": block, "message": message}


def describe(paths, passphrase, pretty):
    tapes = [describe_tape(p, passphrase) for p in paths]
    join_spans(tapes)
    cross_check_catalogs(tapes)
    ok = True
    for out, _ in tapes:
        out["errors"] = [r["error"] for r in out["files"] if r["error"]]
        if out["image_problem"]:
            out["errors"].append({"kind": "TRUNCATED" if "ends" in out["image_problem"] else "FOREIGN",
                                  "tape": out["tape"], "file": len(out["files"]), "block": None,
                                  "message": "image: " + out["image_problem"]})
        out["ok"] = not out["errors"]
        ok = ok and out["ok"]
        for r in out["files"]:
            for k in [k for k in r if k.startswith("_")]:
                del r[k]
        print(json.dumps(out, indent=2 if pretty else None))
    return 0 if ok else 1


# ---------------------------------------------------------------------------- selftest


ENTRY_EXAMPLE = """a8 18 7d 46 8d 3e f4 ad 6d b8 45 71 28 64 a6 30 f0 c2 d6 13 f0 91 3b 6b 70 1a 5e 72 fc 42 a9 8f
2f c9 df 2e 09 cd e2 ec 00 00 00 00 07 00 00 00 07 00 00 00 0f a1 e0 94 00 00 00 00 bb ce 87 a0"""


FIFO_EXAMPLE = """98 80 d0 d6 d7 29 3a ff 6c 00 00 00 07 00 00 00 a4 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00
""" + "00 " * 48 + """04 00 66 69 66 6f 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ab 61 e2 a8"""
TAPE_FILE_EXAMPLE = """37 db a6 bc 7d f4 be 85 01 00 00 00 64 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00
04 00 00 00 00 00 00 00 8e c3 61 24 80 98 30 2a 01 00 00 00 00 00 00 00 3b 3d 1c 0e 9a 57 4f 63
8c 1e 2f 1d 6c 9a 0b 7e d1 55 14 6b 00 00 00 00 e0 93 04 00 00 00 00 00 06 00 00 00 00 00 00 00 7f d9 64 b7"""


def selftest():
    results = []

    def check(name, ok):
        results.append(ok)
        print("%-60s %s" % (name, "ok" if ok else "FAILED"))
    check("CRC32C('123456789') = 0xE3069283 (1)", crc32c(b"123456789") == 0xE3069283)
    check("CRC32C continues across pieces", crc32c(b"6789", crc32c(b"12345")) == 0xE3069283)
    for text, hexval in MAGIC_TABLE.items():
        check("magic %-32s = %s (12)" % (text, hexval), magic(text).hex() == hexval)
    check("block magic bytes as in 1 and 3.1", BLOCK_MAGIC == bytes.fromhex("d6db4003f5527d6b"))
    chunk = b"tapekit"
    h = ENTRY_MAGIC + hashlib.sha256(chunk).digest() + struct.pack("<IIIII", 0, 7, 7, crc32c(chunk), 0)
    h += struct.pack("<I", crc32c(h))
    check("entry header example of 6.2 recomputed", h == bytes.fromhex(ENTRY_EXAMPLE.replace("\n", " ")))
    fifo = bytes.fromhex(FIFO_EXAMPLE.replace("\n", " "))
    e = None
    try:
        e = parse_snapshot_entry(fifo)
    except ValueError:
        pass
    check("snapshot entry example of 7.2.2: CRC and fields", len(fifo) == 108 and crc32c(fifo[:104]) == 0xa8e261ab
          and u("I", fifo, 104)[0] == 0xa8e261ab and e is not None and e["path"] == "fifo" and e["type"] == 7
          and e["mode"] == "0644")
    tf = bytes.fromhex(TAPE_FILE_EXAMPLE.replace("\n", " "))
    d = None
    try:
        d = catalog_record_fields(TAPE_FILE, tf, {0})
    except ValueError:
        pass
    check("TAPE_FILE record example of 7.3.2: CRC and fields", len(tf) == 100 and crc32c(tf[:96]) == 0xb764d97f
          and u("I", tf, 96)[0] == 0xb764d97f and d is not None and d["file_number"] == 2
          and d["first_logical_object"] == 4 and d["ctime_text"] == "2026-12-05T18:20:01Z"
          and d["body_length"] == 300000 and d["items"] == 6 and d["content_type"] == CHUNK_ARCHIVE
          and d["file_uuid"] == "3b3d1c0e-9a57-4f63-8c1e-2f1d6c9a0b7e")
    okm = hkdf(bytes([0x0b] * 22), bytes(range(13)), bytes(range(0xf0, 0xfa)), 42)
    check("HKDF-SHA256, RFC 5869 test case 1", okm.hex() == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db0"
          "2d56ecc4c5bf34007208d5b887185865")
    print("zstandard: %s; cryptography: %s" % ("yes" if zstandard else "no (compressed chunks not verified)",
                                                "yes" if AESGCM else "no (encrypted chunks: stored CRC only)"))
    return 0 if all(results) else 1


def main(argv):
    ap = argparse.ArgumentParser(description="Read tapekit tape images (FORMAT.md version 1).")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("describe", help="describe and check tape images, in media-set order")
    d.add_argument("images", nargs="+", metavar="IMAGE")
    d.add_argument("--passphrase", help="passphrase of the key config in the media set label")
    d.add_argument("--passphrase-env", metavar="VAR", help="environment variable holding the passphrase")
    d.add_argument("--pretty", action="store_true", help="indent the JSON output")
    sub.add_parser("selftest", help="check CRC32C, the magic values and the derivations")
    args = ap.parse_args(argv)
    if args.command == "selftest":
        return selftest()
    passphrase = args.passphrase
    if args.passphrase_env:
        passphrase = os.environ.get(args.passphrase_env)
        if passphrase is None:
            ap.error("environment variable %s is not set" % args.passphrase_env)
    for p in args.images:
        if not os.path.isfile(p):
            ap.error("no such image: %s" % p)
    return describe(args.images, passphrase, args.pretty)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
