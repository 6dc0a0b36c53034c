/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * tools/common: the strict base64 and PEM decoders (every fault they name,
 * RFC 4648 vectors, and every input of up to four characters over the
 * alphabet, '=' and a few characters that are not base64) and the option
 * parser behind the tools' --help.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "toolutil.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The reference encoder (RFC 4648, section 4, padded). */
static size_t encode(const uint8_t *in, size_t len, char *out)
{
    size_t i, o = 0;
    for (i = 0; i + 3u <= len; i += 3u) {
        const uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1u] << 8 | in[i + 2u];
        out[o++] = alphabet[v >> 18];
        out[o++] = alphabet[(v >> 12) & 63u];
        out[o++] = alphabet[(v >> 6) & 63u];
        out[o++] = alphabet[v & 63u];
    }
    if (len - i == 1u) {
        const uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = alphabet[v >> 18];
        out[o++] = alphabet[(v >> 12) & 63u];
        out[o++] = '=';
        out[o++] = '=';
    } else if (len - i == 2u) {
        const uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1u] << 8;
        out[o++] = alphabet[v >> 18];
        out[o++] = alphabet[(v >> 12) & 63u];
        out[o++] = alphabet[(v >> 6) & 63u];
        out[o++] = '=';
    }
    return o;
}

static int b64(const char *s, uint8_t *out, size_t cap, size_t *n)
{
    return toolutil_base64_decode(s, strlen(s), out, cap, n);
}

static void base64_rfc4648_vectors(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } v[] = {{"", ""},
             {"Zg==", "f"},
             {"Zm8=", "fo"},
             {"Zm9v", "foo"},
             {"Zm9vYg==", "foob"},
             {"Zm9vYmE=", "fooba"},
             {"Zm9vYmFy", "foobar"}};
    uint8_t out[16];
    size_t n = 99;
    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_int_equal(b64(v[i].in, out, sizeof out, &n), TOOLUTIL_PEM_OK);
        assert_int_equal(n, strlen(v[i].out));
        assert_memory_equal(out, v[i].out, n);
    }
}

static void base64_each_fault(void **state)
{
    static const struct {
        const char *in;
        int rc;
    } v[] = {
        {"Zm9*", TOOLUTIL_PEM_BAD_CHAR},      {"Zm9v Zg==", TOOLUTIL_PEM_BAD_CHAR},
        {"Zm9v\n", TOOLUTIL_PEM_BAD_CHAR},    {"Zm-_", TOOLUTIL_PEM_BAD_CHAR}, /* base64url */
        {"Zm9", TOOLUTIL_PEM_BAD_LENGTH},     {"Zg=", TOOLUTIL_PEM_BAD_LENGTH},
        {"Zg", TOOLUTIL_PEM_BAD_LENGTH},      {"Z", TOOLUTIL_PEM_BAD_LENGTH},
        {"=", TOOLUTIL_PEM_BAD_PADDING},      {"Z===", TOOLUTIL_PEM_BAD_PADDING},
        {"=Zm9", TOOLUTIL_PEM_BAD_PADDING},   {"Zg=a", TOOLUTIL_PEM_BAD_PADDING},
        {"Zh==", TOOLUTIL_PEM_BAD_PADDING}, /* the dropped bits of "h" are not zero */
        {"Zm9=", TOOLUTIL_PEM_BAD_PADDING},   {"Zg===", TOOLUTIL_PEM_BAD_PADDING},
        {"Zg==Zm9v", TOOLUTIL_PEM_AFTER_PAD}, {"Zm8=Zg==", TOOLUTIL_PEM_AFTER_PAD},
    };
    uint8_t out[16];
    size_t n = 99;
    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        memset(out, 0xA5, sizeof out);
        assert_int_equal(b64(v[i].in, out, sizeof out, &n), v[i].rc);
        assert_int_equal(n, 0);
        for (size_t k = 0; k < sizeof out; k++) {
            assert_int_equal(out[k], 0); /* wiped */
        }
    }
    assert_int_equal(b64("Zm9vYmFy", out, 5, &n), TOOLUTIL_PEM_TOO_LARGE);
    assert_int_equal(b64("Zm9v", out, 3, &n), TOOLUTIL_PEM_OK);
    assert_int_equal(b64("Zm9vYg==", out, 3, &n), TOOLUTIL_PEM_TOO_LARGE);
    assert_int_equal(b64("Zm9vYg==", out, 4, &n), TOOLUTIL_PEM_OK);
}

/* The value of a base64 character, or -1 ('=' and others). */
static int value_of(int c)
{
    const char *p = (c != 0) ? strchr(alphabet, c) : NULL;
    return (p != NULL) ? (int)(p - alphabet) : -1;
}

/* Every string of up to four characters over the alphabet, '=' and five
 * characters that are not base64: accepted exactly when it is the encoding
 * of some bytes (whole groups, padding only at the end, dropped bits zero),
 * and then it decodes to bytes that encode back to it. */
static void base64_every_short_input(void **state)
{
    static const char extra[] = {'=', ' ', '*', '\n', '\0', (char)0xFF};
    char set[64 + sizeof extra];
    const size_t k = sizeof set;
    char in[4];
    char again[8];
    uint8_t out[3];
    unsigned long accepted = 0, tried = 0;
    (void)state;

    memcpy(set, alphabet, 64);
    memcpy(set + 64, extra, sizeof extra);
    for (size_t len = 0; len <= 4u; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++) {
            total *= k;
        }
        for (size_t idx = 0; idx < total; idx++) {
            size_t x = idx, n = 99;
            int v[4] = {0, 0, 0, 0};
            int valid;
            for (size_t i = 0; i < len; i++) {
                in[i] = set[x % k];
                v[i] = value_of((unsigned char)in[i]);
                x /= k;
            }
            if (len == 0u) {
                valid = 1;
            } else if (len != 4u) {
                valid = 0;
            } else {
                valid =
                    v[0] >= 0 && v[1] >= 0 &&
                    ((v[2] >= 0 && v[3] >= 0) || (v[2] >= 0 && in[3] == '=' && (v[2] & 3) == 0) ||
                     (in[2] == '=' && in[3] == '=' && (v[1] & 15) == 0));
            }
            const int rc = toolutil_base64_decode(in, len, out, sizeof out, &n);
            tried++;
            if (!valid) {
                if (rc == TOOLUTIL_PEM_OK) {
                    fail_msg("accepted an invalid input of %zu characters", len);
                }
                assert_int_equal(n, 0);
                continue;
            }
            assert_int_equal(rc, TOOLUTIL_PEM_OK);
            assert_int_equal(encode(out, n, again), len);
            assert_memory_equal(again, in, len);
            accepted++;
        }
    }
    /* 1 empty + 64^4 whole groups + 64^2 * 16 "xxx=" + 64 * 4 "xx==" */
    assert_int_equal(accepted, 1ul + 16777216ul + 65536ul + 256ul);
    assert_true(tried > accepted);
}

/* Every payload of up to three bytes encodes and decodes back. */
static void base64_round_trip_short_payloads(void **state)
{
    uint8_t b[3], out[3];
    char text[8];
    (void)state;
    for (uint32_t len = 0; len <= 3u; len++) {
        const uint32_t total = 1u << (8u * len);
        for (uint32_t x = 0; x < total; x++) {
            size_t n = 99;
            for (uint32_t i = 0; i < len; i++) {
                b[i] = (uint8_t)(x >> (8u * i));
            }
            const size_t t = encode(b, len, text);
            assert_int_equal(toolutil_base64_decode(text, t, out, sizeof out, &n), TOOLUTIL_PEM_OK);
            assert_int_equal(n, len);
            assert_memory_equal(out, b, len);
        }
    }
}

/* ---- PEM ---- */

/* tests/tools/data/imgtool-ecdsa-p256.pub.pem and openssl-sec1-p256.pem (test keys). */
#define PUB_BODY                                                         \
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/MiDZtXGYguSTSV6Zyo29WoIhMpH\n" \
    "ejEDx0tspeRR9mroMoRHUJXp/96jelywgHZ7nY5IKvIrIRjyKk9uajuR4g==\n"
#define PUB_PEM "-----BEGIN PUBLIC KEY-----\n" PUB_BODY "-----END PUBLIC KEY-----\n"

static const char *const want_public[] = {"PUBLIC KEY", NULL};
static const char *const want_private[] = {"PRIVATE KEY", "EC PRIVATE KEY", NULL};

static int pem(const char *text, const char *const *labels, uint8_t *der, size_t cap, size_t *len,
               char *label, unsigned long *line)
{
    return toolutil_pem_decode((const uint8_t *)text, strlen(text), labels, der, cap, len, label,
                               64, line);
}

static void pem_decodes_a_public_key(void **state)
{
    uint8_t der[128];
    char label[64];
    size_t n = 0;
    unsigned long line = 99;
    (void)state;
    assert_int_equal(pem(PUB_PEM, want_public, der, sizeof der, &n, label, &line), TOOLUTIL_PEM_OK);
    assert_int_equal(n, 91);
    assert_int_equal(der[0], 0x30);
    assert_int_equal(der[1], 0x59);
    assert_string_equal(label, "PUBLIC KEY");
    assert_int_equal(line, 0);
    /* Any label with NULL; CRLF line ends; no final newline; trailing blanks. */
    assert_int_equal(pem(PUB_PEM, NULL, der, sizeof der, &n, label, &line), TOOLUTIL_PEM_OK);
    {
        char crlf[512];
        size_t o = 0;
        for (const char *c = PUB_PEM; *c != '\0'; c++) {
            if (*c == '\n') {
                crlf[o++] = '\r';
            }
            crlf[o++] = *c;
        }
        crlf[o] = '\0';
        assert_int_equal(pem(crlf, want_public, der, sizeof der, &n, label, &line),
                         TOOLUTIL_PEM_OK);
    }
    assert_int_equal(n, 91);
    assert_int_equal(pem("\n\n-----BEGIN PUBLIC KEY-----  \n" PUB_BODY "-----END PUBLIC KEY-----",
                         want_public, der, sizeof der, &n, label, &line),
                     TOOLUTIL_PEM_OK);
    assert_int_equal(pem(PUB_PEM "\n \t\n", want_public, der, sizeof der, &n, label, &line),
                     TOOLUTIL_PEM_OK);
    /* The whole DER fits exactly, one byte less does not. */
    assert_int_equal(pem(PUB_PEM, want_public, der, 91, &n, label, &line), TOOLUTIL_PEM_OK);
    assert_int_equal(pem(PUB_PEM, want_public, der, 90, &n, label, &line), TOOLUTIL_PEM_TOO_LARGE);
    assert_int_equal(n, 0);
}

static void pem_picks_the_wanted_block(void **state)
{
    /* As `openssl ecparam -genkey` writes: parameters first, then the key. */
    static const char two[] = "-----BEGIN EC PARAMETERS-----\n"
                              "BggqhkjOPQMBBw==\n"
                              "-----END EC PARAMETERS-----\n"
                              "-----BEGIN EC PRIVATE KEY-----\n"
                              "MHcCAQEEIOTKaSLEfD5g8WcQyXBpSz8tR4o8y81+du7bNEx6kVT7oAoGCCqGSM49\n"
                              "AwEHoUQDQgAErH2JZ2EneV0lX+AiVbM7fUQ5SlSs2ZbRcpnB6LYdDiGdd4qgk2Jt\n"
                              "Ggj17nnCFkrbdFmSHC7Lotu7/znoWUL9tQ==\n"
                              "-----END EC PRIVATE KEY-----\n";
    uint8_t der[256];
    char label[64];
    size_t n = 0;
    unsigned long line = 0;
    (void)state;
    assert_int_equal(pem(two, want_private, der, sizeof der, &n, label, &line), TOOLUTIL_PEM_OK);
    assert_string_equal(label, "EC PRIVATE KEY");
    assert_int_equal(n, 0x79);
    assert_int_equal(der[0], 0x30);
    /* Any label: the first block. */
    assert_int_equal(pem(two, NULL, der, sizeof der, &n, label, &line), TOOLUTIL_PEM_OK);
    assert_string_equal(label, "EC PARAMETERS");
    assert_int_equal(n, 10);
    /* No wanted block: the first block's label is told. */
    assert_int_equal(pem(two, want_public, der, sizeof der, &n, label, &line),
                     TOOLUTIL_PEM_NOT_WANTED);
    assert_string_equal(label, "EC PARAMETERS");
    assert_int_equal(n, 0);
    assert_int_equal(line, 0);
}

static void pem_each_fault(void **state)
{
    static const struct {
        const char *text;
        int rc;
        unsigned long line;
    } v[] = {
        {"", TOOLUTIL_PEM_NO_BLOCK, 0},
        {"just text\n", TOOLUTIL_PEM_NO_BLOCK, 0},
        {"-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_NO_BLOCK, 0},
        {"Bag Attributes\n" PUB_PEM, TOOLUTIL_PEM_OUTSIDE, 1},
        {"\xEF\xBB\xBF" PUB_PEM, TOOLUTIL_PEM_OUTSIDE, 1}, /* a byte order mark */
        {PUB_PEM "trailing\n", TOOLUTIL_PEM_OUTSIDE, 5},
        {PUB_PEM "x", TOOLUTIL_PEM_OUTSIDE, 5},
        {"-----BEGIN -----\n" PUB_BODY "-----END -----\n", TOOLUTIL_PEM_BAD_BEGIN, 1},
        {"-----BEGIN PUBLIC KEY----\n" PUB_BODY "-----END PUBLIC KEY-----\n",
         TOOLUTIL_PEM_BAD_BEGIN, 1},
        {"-----BEGIN PUBLIC--KEY-----\n" PUB_BODY "-----END PUBLIC--KEY-----\n",
         TOOLUTIL_PEM_BAD_BEGIN, 1},
        {"-----BEGIN  PUBLIC KEY-----\n" PUB_BODY "-----END  PUBLIC KEY-----\n",
         TOOLUTIL_PEM_BAD_BEGIN, 1},
        {"-----BEGIN AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-----\n",
         TOOLUTIL_PEM_BAD_BEGIN, 1}, /* 65 characters */
        {"-----BEGIN PUBLIC KEY-----\n" PUB_BODY, TOOLUTIL_PEM_NO_END, 1},
        {"-----BEGIN PUBLIC KEY-----\n" PUB_BODY PUB_PEM, TOOLUTIL_PEM_NO_END, 1},
        {"-----BEGIN PUBLIC KEY-----\n" PUB_BODY "-----END PRIVATE KEY-----\n",
         TOOLUTIL_PEM_END_LABEL, 4},
        {"-----BEGIN PUBLIC KEY-----\n" PUB_BODY "-----END PUBLIC KEY----\n",
         TOOLUTIL_PEM_END_LABEL, 4},
        {"-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n"
         "-----END EC PRIVATE KEY-----\n",
         TOOLUTIL_PEM_HEADERS, 2},
        {"-----BEGIN PUBLIC KEY-----\nMFkw*wYH\n-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_BAD_CHAR,
         2},
        {"-----BEGIN PUBLIC KEY-----\nMFkw EwYH\n-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_BAD_CHAR,
         2},
        {"-----BEGIN PUBLIC KEY-----\nMFkw\rEwYH\n-----END PUBLIC KEY-----\n",
         TOOLUTIL_PEM_BAD_CHAR, 2},
        {"-----BEGIN PUBLIC KEY-----\nZg===\n-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_BAD_PADDING,
         2},
        {"-----BEGIN PUBLIC KEY-----\nZh==\n-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_BAD_PADDING,
         2},
        {"-----BEGIN PUBLIC KEY-----\nZg==\nAAAA\n-----END PUBLIC KEY-----\n",
         TOOLUTIL_PEM_AFTER_PAD, 3},
        {"-----BEGIN PUBLIC KEY-----\nZm9vY\n-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_BAD_LENGTH,
         3},
        {"-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", TOOLUTIL_PEM_EMPTY, 2},
        /* Every block is checked, also one that is not decoded. */
        {"-----BEGIN EC PARAMETERS-----\nBggq*kjOPQMBBw==\n-----END EC PARAMETERS-----\n" PUB_PEM,
         TOOLUTIL_PEM_BAD_CHAR, 2},
        {PUB_PEM "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw=\n-----END EC PARAMETERS-----\n",
         TOOLUTIL_PEM_BAD_LENGTH, 7},
    };
    uint8_t der[128];
    char label[64];
    (void)state;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = 99;
        unsigned long line = 99;
        memset(der, 0xA5, sizeof der);
        const int rc = pem(v[i].text, want_public, der, sizeof der, &n, label, &line);
        if (rc != v[i].rc || line != v[i].line) {
            fail_msg("case %zu: got %d (%s) at line %lu, expected %d at line %lu", i, rc,
                     toolutil_pem_str(rc), line, v[i].rc, v[i].line);
        }
        assert_int_equal(n, 0);
        for (size_t k = 0; k < sizeof der; k++) {
            assert_int_equal(der[k], 0); /* wiped */
        }
        assert_string_not_equal(toolutil_pem_str(rc), "unknown fault");
    }
}

/* ---- options ---- */

enum { OPT_KEY, OPT_OUT, OPT_FLAG };
static const toolutil_opt_t opts[] = {
    [OPT_KEY] = {"--key", "-k", "K", "a key", NULL},
    [OPT_OUT] = {"-o", "--output", "OUT", "output", NULL},
    [OPT_FLAG] = {"--flag", NULL, NULL, "a flag", NULL},
};
static const char *const refused[] = {"--secret", NULL};
static const toolutil_cmd_t cmd = {
    "run", "[--key K] [-o OUT] [--flag] ARG", "test", NULL, opts, 3u, refused, "refused"};

static int next_of(toolutil_args_t *a, const char **v)
{
    return toolutil_next(a, &cmd, v);
}

static void hex_decode_values_and_faults(void **state)
{
    static const uint8_t hex[] = "00fF7a10";
    static const uint8_t want[4] = {0x00, 0xff, 0x7a, 0x10};
    uint8_t out[4];
    size_t bad;
    (void)state;
    assert_int_equal(toolutil_hex_decode(hex, sizeof out, out), 0);
    assert_memory_equal(out, want, sizeof want);
    /* A non-digit in any position fails and leaves nothing decoded. */
    for (bad = 0; bad < 8u; bad++) {
        uint8_t h[8];
        memcpy(h, hex, sizeof h);
        h[bad] = (uint8_t)(bad % 2u == 0u ? 'g' : ' ');
        memset(out, 0xa5, sizeof out);
        assert_int_equal(toolutil_hex_decode(h, sizeof out, out), -1);
        assert_memory_equal(out, "\0\0\0\0", sizeof out);
    }
    assert_int_equal(toolutil_hex_decode(hex, 0u, out), 0);
}

static void options_from_the_table(void **state)
{
    char *argv[] = {"--key", "a", "-k=b",   "--key=c", "-k", "d",  "--output", "e",
                    "-o",    "f", "--flag", "pos",     "-",  "--", "--flag",   "-k"};
    toolutil_args_t a;
    const char *v = NULL;
    (void)state;
    toolutil_args_init(&a, (int)(sizeof argv / sizeof argv[0]), argv);
    assert_int_equal(next_of(&a, &v), OPT_KEY);
    assert_string_equal(v, "a");
    assert_int_equal(next_of(&a, &v), TOOLUTIL_ARG_ERROR); /* "-k=b": no "=" for short options */
    assert_int_equal(next_of(&a, &v), OPT_KEY);
    assert_string_equal(v, "c");
    assert_int_equal(next_of(&a, &v), OPT_KEY);
    assert_string_equal(v, "d");
    assert_int_equal(next_of(&a, &v), OPT_OUT);
    assert_string_equal(v, "e");
    assert_int_equal(next_of(&a, &v), OPT_OUT);
    assert_string_equal(v, "f");
    assert_int_equal(next_of(&a, &v), OPT_FLAG);
    assert_null(v);
    assert_int_equal(next_of(&a, &v), TOOLUTIL_ARG_POS);
    assert_string_equal(v, "pos");
    assert_int_equal(next_of(&a, &v), TOOLUTIL_ARG_POS);
    assert_string_equal(v, "-");
    assert_int_equal(next_of(&a, &v), TOOLUTIL_ARG_POS); /* after "--" */
    assert_string_equal(v, "--flag");
    assert_int_equal(next_of(&a, &v), TOOLUTIL_ARG_POS);
    assert_string_equal(v, "-k");
    assert_int_equal(next_of(&a, &v), TOOLUTIL_ARG_END);
}

static void option_faults(void **state)
{
    char *a1[] = {"--flag=1"};
    char *a2[] = {"--key"};
    char *a3[] = {"--nope"};
    char *a4[] = {"--secret", "x"};
    char *a5[] = {"-h"};
    char *a6[] = {"--help"};
    char **all[] = {a1, a2, a3, a4, a5, a6};
    const int argc[] = {1, 1, 1, 2, 1, 1};
    const int want[] = {TOOLUTIL_ARG_ERROR, TOOLUTIL_ARG_ERROR, TOOLUTIL_ARG_ERROR,
                        TOOLUTIL_ARG_ERROR, TOOLUTIL_ARG_HELP,  TOOLUTIL_ARG_HELP};
    (void)state;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        toolutil_args_t a;
        const char *v = NULL;
        toolutil_args_init(&a, argc[i], all[i]);
        assert_int_equal(next_of(&a, &v), want[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base64_rfc4648_vectors),
        cmocka_unit_test(base64_each_fault),
        cmocka_unit_test(base64_every_short_input),
        cmocka_unit_test(base64_round_trip_short_payloads),
        cmocka_unit_test(pem_decodes_a_public_key),
        cmocka_unit_test(pem_picks_the_wanted_block),
        cmocka_unit_test(pem_each_fault),
        cmocka_unit_test(hex_decode_values_and_faults),
        cmocka_unit_test(options_from_the_table),
        cmocka_unit_test(option_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
