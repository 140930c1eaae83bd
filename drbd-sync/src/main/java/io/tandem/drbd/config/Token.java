package io.tandem.drbd.config;

/** One lexical token of a DRBD configuration file. */
record Token(Kind kind, String text, int line) {

    enum Kind {
        WORD,
        QUOTED,
        OPEN_BRACE,
        CLOSE_BRACE,
        SEMICOLON
    }

    boolean isValue() {
        return kind == Kind.WORD || kind == Kind.QUOTED;
    }
}
