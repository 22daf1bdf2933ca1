#!/usr/bin/env python3
"""Independent reference implementation of the Proxmox Backup Server
tape encryption-key file format (KeyConfig), used as a test oracle.

Exit codes: 0 ok, 1 usage/other error, 2 wrong password,
3 fingerprint mismatch, 4 malformed input.
"""
import argparse, base64, datetime, hashlib, json, os, sys, uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BEGIN = "-----BEGIN PROXMOX BACKUP KEY-----"
END = "-----END PROXMOX BACKUP KEY-----"
FP_PREFIX = b"Proxmox Backup Encryption Key Fingerprint"
SCRYPT_MAXMEM = 1025 * 1024 * 1024  # same limit PBS passes to openssl


class Fail(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code


def b64e(b): return base64.b64encode(b).decode("ascii")
def b64d(s): return base64.b64decode(s.encode("ascii"), validate=True)
def hexfp(b): return ":".join("%02x" % x for x in b)


def fingerprint(key):
    id_key = hashlib.pbkdf2_hmac("sha256", key, b"_id_key", 10, 32)
    return hexfp(hashlib.sha256(hashlib.sha256(FP_PREFIX).digest() + id_key).digest())


def drive_key(key, media_set_uuid):
    return hashlib.pbkdf2_hmac("sha256", key, uuid.UUID(media_set_uuid).bytes, 10, 32)


def derive(kdf, password):
    """kdf: externally tagged JSON object; password: bytes. Returns 32-byte derived key."""
    if not isinstance(kdf, dict) or len(kdf) != 1:
        raise Fail(4, "malformed kdf: %r" % (kdf,))
    (tag, p), = kdf.items()
    try:
        salt = b64d(p["salt"])
        if tag == "Scrypt":
            return hashlib.scrypt(password, salt=salt, n=p["n"], r=p["r"], p=p["p"],
                                  maxmem=SCRYPT_MAXMEM, dklen=32)
        if tag == "PBKDF2":
            return hashlib.pbkdf2_hmac("sha256", password, salt, p["iter"], 32)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise Fail(4, "malformed %s parameters: %s" % (tag, e))
    raise Fail(4, "unknown kdf %r" % tag)


def make_config(key, kdf_name, password, hint=None, created=None):
    if kdf_name == "none":
        kdf, data = None, key
    else:
        if password is None or len(password) < 5:
            raise Fail(1, "passphrase must be at least 5 characters")
        salt = b64e(os.urandom(32))
        kdf = ({"Scrypt": {"n": 65536, "r": 8, "p": 1, "salt": salt}} if kdf_name == "scrypt"
               else {"PBKDF2": {"iter": 65535, "salt": salt}})
        iv = os.urandom(16)
        ct_tag = AESGCM(derive(kdf, password.encode("utf-8"))).encrypt(iv, key, b"")
        data = iv + ct_tag[-16:] + ct_tag[:-16]  # IV || TAG || CIPHERTEXT
    epoch = int(datetime.datetime.now().timestamp()) if created is None else created
    ts = datetime.datetime.fromtimestamp(epoch).astimezone().isoformat(timespec="seconds")
    cfg = {"kdf": kdf, "created": ts, "modified": ts, "data": b64e(data),
           "fingerprint": fingerprint(key)}
    if hint is not None:
        cfg["hint"] = hint
    return cfg


def to_json(cfg, pretty=False):
    if pretty:  # serde_json::to_string_pretty layout
        return json.dumps(cfg, indent=2, ensure_ascii=False)
    return json.dumps(cfg, separators=(",", ":"), ensure_ascii=False)


def parse_input(text):
    """Accept a KeyConfig JSON or any text containing a paper-key block."""
    if BEGIN in text:
        start = text.index(BEGIN) + len(BEGIN)
        end = text.find(END, start)
        if end < 0:
            raise Fail(4, "paper key: missing end marker")
        text = text[start:end]
    try:
        cfg = json.loads(text)
    except ValueError as e:
        raise Fail(4, "not valid JSON: %s" % e)
    if not isinstance(cfg, dict) or "data" not in cfg or "kdf" not in cfg:
        raise Fail(4, "not a KeyConfig (need 'kdf' and 'data')")
    return cfg


def decrypt_config(cfg, password):
    try:
        data = b64d(cfg["data"])
    except (ValueError, AttributeError, TypeError) as e:
        raise Fail(4, "malformed data: %s" % e)
    if cfg["kdf"] is None:
        key = data
    else:
        if password is None:
            raise Fail(1, "key is encrypted, --password-file required")
        if len(password) < 5:  # PBS refuses before deriving
            raise Fail(2, "passphrase is too short (PBS requires at least 5 characters)")
        if len(data) < 32:
            raise Fail(4, "data too short")
        iv, tag, ct = data[:16], data[16:32], data[32:]
        try:
            key = AESGCM(derive(cfg["kdf"], password.encode("utf-8"))).decrypt(iv, ct + tag, b"")
        except InvalidTag:
            raise Fail(2, "unable to decrypt key: wrong password (GCM tag mismatch)")
    if len(key) != 32:
        raise Fail(4, "got strange key length %d" % len(key))
    fp, stored = fingerprint(key), cfg.get("fingerprint")
    if stored is not None and stored != fp:
        raise Fail(3, "fingerprint mismatch: stored %s, computed %s" % (stored, fp))
    return key, fp


def read_password(path):
    if path is None:
        return None
    with open(path, "rb") as f:
        pw = f.read().decode("utf-8")
    return pw[:-1] if pw.endswith("\n") else pw


def key_from_hex(h):
    try:
        key = bytes.fromhex(h)
    except ValueError:
        raise Fail(1, "invalid --key-hex")
    if len(key) != 32:
        raise Fail(1, "--key-hex must be 32 bytes (64 hex digits)")
    return key


def selftest():
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
    exp = ("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"  # RFC 7914 s.12
           "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    got = hashlib.scrypt(b"password", salt=b"NaCl", n=1024, r=8, p=16, maxmem=SCRYPT_MAXMEM, dklen=64)
    assert got.hex() == exp, "RFC 7914 scrypt vector (hashlib)"
    assert Scrypt(salt=b"NaCl", length=64, n=1024, r=8, p=16).derive(b"password").hex() == exp
    exp = ("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"  # RFC 7914 s.11
           "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    assert hashlib.pbkdf2_hmac("sha256", b"passwd", b"salt", 1, 64).hex() == exp, "PBKDF2 vector"
    assert list(hashlib.sha256(FP_PREFIX).digest()) == [  # FINGERPRINT_INPUT in PBS source
        110, 208, 239, 119, 71, 31, 255, 77, 85, 199, 168, 254, 74, 157, 182, 33,
        97, 64, 127, 19, 76, 114, 93, 223, 48, 153, 45, 37, 236, 69, 237, 38]
    # second, independent path (cryptography instead of hashlib) for fingerprint / drive key
    key, u = os.urandom(32), "3b3d1c0e-9a57-4f63-8c1e-2f1d6c9a0b7e"
    pb = lambda salt: PBKDF2HMAC(hashes.SHA256(), 32, salt, 10).derive(key)
    h = hashes.Hash(hashes.SHA256()); h.update(FP_PREFIX); pre = h.finalize()
    h = hashes.Hash(hashes.SHA256()); h.update(pre + pb(b"_id_key"))
    assert hexfp(h.finalize()) == fingerprint(key), "fingerprint cross-check"
    assert pb(bytes.fromhex(u.replace("-", ""))) == drive_key(key, u), "drive key cross-check"
    for kdf in ("scrypt", "pbkdf2", "none"):  # round trips, wrong password detection
        cfg = parse_input(to_json(make_config(key, kdf, "secret-pw", hint="h"), pretty=True))
        assert decrypt_config(cfg, "secret-pw") == (key, fingerprint(key))
        if kdf != "none":
            try:
                decrypt_config(cfg, "wrong-pw"); raise AssertionError("wrong password accepted")
            except Fail as e:
                assert e.code == 2
    print("selftest ok")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("create", help="create a KeyConfig")
    c.add_argument("--kdf", choices=["scrypt", "pbkdf2", "none"], required=True)
    c.add_argument("--password-file")
    c.add_argument("--hint")
    c.add_argument("--key-hex", help="32-byte key as hex (default: random)")
    c.add_argument("--created", type=int, help="creation time, seconds since epoch")
    fmt = c.add_mutually_exclusive_group()
    fmt.add_argument("--pretty", action="store_true")
    fmt.add_argument("--paper", action="store_true")
    d = sub.add_parser("decrypt", help="decrypt a KeyConfig or paper key")
    d.add_argument("--password-file")
    d.add_argument("file", nargs="?", default="-")
    sub.add_parser("fingerprint", help="fingerprint of a raw key").add_argument("--key-hex", required=True)
    k = sub.add_parser("drive-key", help="per-media-set drive key")
    k.add_argument("--key-hex", required=True)
    k.add_argument("--uuid", required=True)
    sub.add_parser("selftest", help="KDF test vectors and cross-checks")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "create":
            if a.kdf != "none" and a.password_file is None:
                raise Fail(1, "--password-file required for --kdf %s" % a.kdf)
            key = key_from_hex(a.key_hex) if a.key_hex else os.urandom(32)
            cfg = make_config(key, a.kdf, read_password(a.password_file), a.hint, a.created)
            out = to_json(cfg, a.pretty or a.paper)
            print("\n".join([BEGIN, out, END]) if a.paper else out)
        elif a.cmd == "decrypt":
            try:
                text = sys.stdin.read() if a.file == "-" else open(a.file, encoding="utf-8").read()
            except UnicodeDecodeError as e:
                raise Fail(4, "input is not UTF-8: %s" % e)
            key, fp = decrypt_config(parse_input(text), read_password(a.password_file))
            print("key " + key.hex() + "\nfingerprint " + fp)
        elif a.cmd == "fingerprint":
            print(fingerprint(key_from_hex(a.key_hex)))
        elif a.cmd == "drive-key":
            try:
                print(drive_key(key_from_hex(a.key_hex), a.uuid).hex())
            except ValueError:
                raise Fail(1, "invalid --uuid")
        else:
            selftest()
    except Fail as e:
        print("error: %s" % e, file=sys.stderr)
        return e.code
    except (OSError, UnicodeDecodeError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
