package io.tandem.heartbeat.wire;

import java.util.List;
import java.util.Optional;

/**
 * What the netstring and the classic decoder share while they read one datagram: the first problem found (a
 * decoder records it and returns -1 or null; nothing is thrown), and the rejection that names the claimed
 * {@code src} for the log.
 */
abstract class DecodingState {

    /** A field as the decoders frame it: positions in the datagram, nothing copied yet. */
    interface FramedField {
        int typeCode();

        boolean isNamed(byte[] data, String name);

        int valueFrom();

        int valueTo();
    }

    final byte[] data;
    final int base;
    RejectReason problem;
    String problemDetail;

    DecodingState(byte[] data, int base) {
        this.data = data;
        this.base = base;
    }

    String at(int pos) {
        return "offset " + (pos - base);
    }

    int fail(RejectReason reason, String detail) {
        problem = reason;
        problemDetail = detail;
        return -1;
    }

    FieldValue failNull(RejectReason reason, String detail) {
        fail(reason, detail);
        return null;
    }

    DecodeResult.Rejected rejected(List<? extends FramedField> fields) {
        return reject(problem, problemDetail, fields);
    }

    DecodeResult.Rejected reject(RejectReason reason, String detail, List<? extends FramedField> fields) {
        for (FramedField field : fields) {
            if (field.typeCode() == 0 && field.isNamed(data, FieldNames.SRC)) {
                return new DecodeResult.Rejected(reason, detail,
                        Optional.of(LogSafeText.of(data, field.valueFrom(), field.valueTo())));
            }
        }
        return new DecodeResult.Rejected(reason, detail, Optional.empty());
    }
}
