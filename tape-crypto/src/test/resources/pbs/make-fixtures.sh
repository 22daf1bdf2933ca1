#!/bin/sh
# Regenerates the PBS key-file fixtures in this directory with pbs_keyconfig.py.
# Salts and IVs are random, so the wrapped "data" differs on every run; the raw
# keys, fingerprints and drive keys (expected.txt) are deterministic.
set -eu
cd "$(dirname "$0")"
export TZ=UTC            # "created"/"modified" become 2026-12-05T18:20:01+00:00
CREATED=1796494801
UUID=3b3d1c0e-9a57-4f63-8c1e-2f1d6c9a0b7e
KEY_SCRYPT=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
KEY_PBKDF2=202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
KEY_PLAIN=404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f
PY="python3 pbs_keyconfig.py"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '%s\n' 'correct horse battery' > "$TMP/scrypt.pw"
printf '%s\n' 'tapekit-pbkdf2' > "$TMP/pbkdf2.pw"

$PY selftest
$PY create --kdf scrypt --password-file "$TMP/scrypt.pw" --key-hex $KEY_SCRYPT \
    --hint 'the usual' --created $CREATED > scrypt-key.json
$PY create --kdf pbkdf2 --password-file "$TMP/pbkdf2.pw" --key-hex $KEY_PBKDF2 \
    --created $CREATED > pbkdf2-key.json
$PY create --kdf none --key-hex $KEY_PLAIN --created $CREATED > plain-key.json
$PY create --kdf scrypt --password-file "$TMP/scrypt.pw" --key-hex $KEY_SCRYPT \
    --hint 'the usual' --created $CREATED --paper > scrypt-paperkey.txt

: > expected.txt
for K in $KEY_SCRYPT $KEY_PBKDF2 $KEY_PLAIN; do
    echo "fingerprint.$K $($PY fingerprint --key-hex $K)" >> expected.txt
    echo "drivekey.$K $($PY drive-key --key-hex $K --uuid $UUID)" >> expected.txt
done

# check: every fixture decrypts to its key and fingerprint
check() { # file password-file key
    OUT=$($PY decrypt ${2:+--password-file "$2"} "$1")
    EXP="key $3
fingerprint $($PY fingerprint --key-hex $3)"
    [ "$OUT" = "$EXP" ] || { echo "MISMATCH for $1" >&2; exit 1; }
    echo "ok $1"
}
check scrypt-key.json "$TMP/scrypt.pw" $KEY_SCRYPT
check pbkdf2-key.json "$TMP/pbkdf2.pw" $KEY_PBKDF2
check plain-key.json "" $KEY_PLAIN
check scrypt-paperkey.txt "$TMP/scrypt.pw" $KEY_SCRYPT
