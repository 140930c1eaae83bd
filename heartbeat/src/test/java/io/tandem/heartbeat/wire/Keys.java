package io.tandem.heartbeat.wire;

/** The {@code authkeys} of the three captures: {@code 1 sha1 s3cret}, {@code 1 md5 s3cret}, {@code 1 crc}. */
public final class Keys {

    public static final AuthKeys SHA1_S3CRET = AuthKeys.of(new AuthKey(1, AuthMethod.SHA1, Latin1.bytes("s3cret")));
    public static final AuthKeys MD5_S3CRET = AuthKeys.of(new AuthKey(1, AuthMethod.MD5, Latin1.bytes("s3cret")));
    public static final AuthKeys CRC = AuthKeys.of(new AuthKey(1, AuthMethod.CRC, new byte[0]));

    private Keys() {
    }
}
