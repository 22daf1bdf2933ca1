/**
 * Drive-side (hardware) tape data encryption through SECURITY PROTOCOL IN/OUT, security protocol
 * 20h (SSC-5 8.5), plus the protocol list of security protocol 00h (SPC-5 7.7.1).
 *
 * <pre>
 * IN page 0000h/0001h := PAGE_CODE:16 LENGTH:16 PAGE_CODE:16*
 * IN page 0010h       := PAGE_CODE:16 LENGTH:16 flags:8 reserved[15] algorithm_descriptor*
 * IN page 0020h       := PAGE_CODE:16 LENGTH:16 scopes:8 ENC_MODE:8 DEC_MODE:8 ALG_INDEX:8
 *                        KEY_INSTANCE_COUNTER:32 flags:8 KAD_FORMAT:8 ASDK_COUNT:16 reserved[8] kad*
 * IN page 0021h       := PAGE_CODE:16 LENGTH:16 LOGICAL_OBJECT_NUMBER:64 status:8 ALG_INDEX:8 flags:8
 *                        KAD_FORMAT:8 kad*
 * OUT page 0010h      := PAGE_CODE:16 LENGTH:16 (SCOPE:3 reserved:4 LOCK:1) flags:8 ENC_MODE:8 DEC_MODE:8
 *                        ALG_INDEX:8 KEY_FORMAT:8 KAD_FORMAT:8 reserved[7] KEY_LENGTH:16 KEY[KEY_LENGTH] kad*
 * kad                 := TYPE:8 AUTHENTICATED:8 LENGTH:16 DESCRIPTOR[LENGTH]
 * </pre>
 *
 * <p>Decoders require the whole page (they are small; read them with 8 KiB) and throw {@link
 * dev.tapekit.scsi.MalformedResponseException} on a wrong page code, a short reply or a
 * descriptor that runs past the page.
 *
 * <p>Key handling: the only class that ever holds key bytes is {@link
 * dev.tapekit.scsi.encryption.SetDataEncryption}. It copies the key in, never prints it ({@code
 * toString()} shows only its length), and {@code destroy()} overwrites it. {@code encode()} returns
 * a fresh array with the key that the caller sends and then overwrites. Drives never return key
 * bytes; status pages only carry key-associated data (key names), which is not secret and is
 * printed.
 */
package dev.tapekit.scsi.encryption;
