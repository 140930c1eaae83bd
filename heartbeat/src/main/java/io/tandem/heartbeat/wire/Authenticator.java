package io.tandem.heartbeat.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes and checks heartbeat signatures: over the bytes of a netstring message for its trailer, and over
 * the classic rendering of a message for its inner {@code auth} field.
 *
 * <p>Verification uses the key of the index the signature names, never simply the active key (3.0.6 uses
 * its active key's secret whatever the index; see {@link AuthKeys}). Digests are compared in constant time.
 *
 * <p>Immutable and thread-safe; build a new one when the keys are re-read.
 */
public final class Authenticator {

    private final AuthKeys keys;

    public Authenticator(AuthKeys keys) {
        this.keys = keys;
    }

    public AuthKeys keys() {
        return keys;
    }

    /** Signs {@code data[offset, offset + length)} with the active key. */
    public AuthToken sign(byte[] data, int offset, int length) {
        return sign(keys.active(), data, offset, length);
    }

    /** Signs {@code data[offset, offset + length)} with the given key, as heartbeat would. */
    public static AuthToken sign(AuthKey key, byte[] data, int offset, int length) {
        return new AuthToken(key.index(), digest(key, data, offset, length));
    }

    /**
     * Checks a claimed signature over {@code data[offset, offset + length)} with the key of the index it
     * names. Never throws for any claimed token or data.
     */
    public SignatureCheck verify(AuthToken claimed, byte[] data, int offset, int length) {
        Optional<AuthKey> key = keys.find(claimed.keyIndex());
        if (key.isEmpty()) {
            return SignatureCheck.UNKNOWN_KEY_INDEX;
        }
        if (!key.get().method().canProduceDigestOfLength(claimed.digest().length())) {
            return SignatureCheck.WRONG_METHOD;
        }
        String expected = digest(key.get(), data, offset, length);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                claimed.digest().getBytes(StandardCharsets.US_ASCII))
                ? SignatureCheck.VALID
                : SignatureCheck.MISMATCH;
    }

    /**
     * The inner classic signature of a message with the active key: computed over the classic rendering of
     * every field except those named {@code auth}, as 3.0.6's {@code add_msg_auth} does.
     *
     * @throws IllegalArgumentException if structs nest deeper than the 16 levels heartbeat can render
     *     (decoded messages never do)
     */
    public AuthToken classicAuthOf(Message message) {
        byte[] text = ClassicRendering.signedText(message);
        return sign(text, 0, text.length);
    }

    /**
     * The message with its inner {@code auth} field set for the active key: replaced in place if the
     * message has one, appended otherwise (3.0.6 does the same). tandem does not need to send this field;
     * a 3.0.6 receiver checks only the trailer.
     */
    public Message withClassicAuth(Message message) {
        return message.withTextReplacedOrAppended(FieldNames.AUTH, classicAuthOf(message).toString());
    }

    /**
     * Checks the inner {@code auth} field (the first one, as heartbeat looks fields up) over the classic
     * rendering of the other fields; {@link SignatureCheck#ABSENT} if there is none.
     */
    public SignatureCheck verifyClassicAuth(Message message) {
        Optional<FieldValue> field = message.first(FieldNames.AUTH);
        if (field.isEmpty()) {
            return SignatureCheck.ABSENT;
        }
        if (!(field.get() instanceof FieldValue.Text(String text))) {
            return SignatureCheck.MALFORMED;
        }
        Optional<AuthToken> claimed = AuthToken.parse(text);
        if (claimed.isEmpty()) {
            return SignatureCheck.MALFORMED;
        }
        byte[] signed = ClassicRendering.signedText(message);
        return verify(claimed.get(), signed, 0, signed.length);
    }

    /** Says for a log line why a signature did not check out; never shows a secret or a computed digest. */
    String explain(AuthToken claimed, SignatureCheck check) {
        Optional<AuthKey> key = keys.find(claimed.keyIndex());
        String method = key.map(found -> found.method().authkeysName()).orElse("none");
        return switch (check) {
            case VALID, ABSENT, MALFORMED -> "key index " + claimed.keyIndex() + ": " + check;
            case UNKNOWN_KEY_INDEX -> "key index " + claimed.keyIndex() + " is not configured here (configured: "
                    + keys.keys().stream().map(configured -> String.valueOf(configured.index())).toList() + ")";
            case WRONG_METHOD -> "key index " + claimed.keyIndex() + " is " + method + " here, but the digest has "
                    + claimed.digest().length() + " hex digits";
            case MISMATCH -> "key index " + claimed.keyIndex() + " (" + method + ")";
        };
    }

    static String digest(AuthKey key, byte[] data, int offset, int length) {
        return switch (key.method()) {
            case CRC -> HeartbeatCrc.hex(data, offset, length);
            case MD5 -> hmacHex("HmacMD5", key, data, offset, length);
            case SHA1 -> hmacHex("HmacSHA1", key, data, offset, length);
        };
    }

    private static String hmacHex(String algorithm, AuthKey key, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.secretForSigning(), algorithm));
            mac.update(data, offset, length);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide HmacMD5 and HmacSHA1; the key is never empty (AuthKey checks).
            throw new IllegalStateException(algorithm + " is not available in this Java runtime", e);
        }
    }
}
