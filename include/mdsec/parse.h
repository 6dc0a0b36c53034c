/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/**
 * @file parse.h
 * @brief Bounded input parsing: reader cursor, TLV iterator, strict DER,
 *        deterministic CBOR and schema validation.
 *
 * Every byte that reaches a device from outside (images, key blobs, log
 * exports, commands) is read through these functions, which follow the
 * LangSec rule: recognise the whole input against its bounds before acting
 * on any of it.
 *
 * The reader cursor has a sticky error. Once a read fails, every later read
 * fails too and returns zero (or an empty span), so a parser may read a
 * whole structure and check once at the end with mdsec_reader_finish().
 * Sub-readers are bounded to a declared length that must fit inside the
 * parent; every bound check is wrap-safe (`len > end - off`).
 *
 * Nothing here allocates, recurses or copies input (spans point into it).
 */
#ifndef MDSEC_PARSE_H
#define MDSEC_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "mdsec/config.h"
#include "mdsec/core.h"
#include "mdsec/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The build-time limits of this module are in mdsec/config.h. */

/* ------------------------------------------------------------------------ */
/** @name Reader cursor */
/** @{ */

/** @brief A read-only view of bytes inside an input: pointer and length. */
typedef struct mdsec_span {
    const uint8_t *ptr; /**< First byte, or NULL for an empty span. */
    size_t len;         /**< Number of bytes. */
} mdsec_span_t;

/** @brief Cursor over an input buffer. Fields are private. */
typedef struct mdsec_reader {
    /** @privatesection */
    const uint8_t *buf;
    size_t len;
    size_t off;
    size_t base;
    mdsec_status_t err;
} mdsec_reader_t;

/**
 * @brief Start reading @p len bytes at @p buf.
 * @param r The reader.
 * @param buf Input; may be NULL only when @p len is 0 (otherwise the reader
 *            starts in the ::MDSEC_ERR_INVALID_ARG state).
 * @param len Input length.
 */
void mdsec_reader_init(mdsec_reader_t *r, const void *buf, size_t len);

/**
 * @brief Put the reader into the error state (first error wins).
 *
 * Parsers call this for semantic errors so that one check at the end covers
 * them too.
 * @param r The reader.
 * @param status A failure status; ::MDSEC_OK is ignored.
 */
void mdsec_reader_fail(mdsec_reader_t *r, mdsec_status_t status);

/**
 * @brief The reader's sticky status.
 * @param r The reader.
 * @return ::MDSEC_OK or the first error.
 */
mdsec_status_t mdsec_reader_status(const mdsec_reader_t *r);

/**
 * @brief Bytes left to read (0 once in the error state).
 * @param r The reader.
 * @return The count.
 */
size_t mdsec_reader_remaining(const mdsec_reader_t *r);

/**
 * @brief Offset of the next byte, counted from the start of the outermost
 *        input (sub-readers keep their parent's origin), for error reports.
 * @param r The reader.
 * @return The absolute offset.
 */
size_t mdsec_reader_offset(const mdsec_reader_t *r);

/**
 * @brief Check that reading succeeded and consumed every byte.
 * @param r The reader.
 * @return ::MDSEC_OK, the sticky error, or ::MDSEC_ERR_PARSE_TRAILING.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_reader_finish(mdsec_reader_t *r);

/**
 * @brief Read one byte.
 * @param r The reader.
 * @return The byte, or 0 with the reader in the ::MDSEC_ERR_PARSE_TRUNCATED state.
 */
uint8_t mdsec_read_u8(mdsec_reader_t *r);
/** @brief Read a big-endian u16 (see mdsec_read_u8() for failure). @param r The reader. @return The value or 0. */
uint16_t mdsec_read_u16be(mdsec_reader_t *r);
/** @brief Read a little-endian u16. @param r The reader. @return The value or 0. */
uint16_t mdsec_read_u16le(mdsec_reader_t *r);
/** @brief Read a big-endian u32. @param r The reader. @return The value or 0. */
uint32_t mdsec_read_u32be(mdsec_reader_t *r);
/** @brief Read a little-endian u32. @param r The reader. @return The value or 0. */
uint32_t mdsec_read_u32le(mdsec_reader_t *r);
/** @brief Read a big-endian u64. @param r The reader. @return The value or 0. */
uint64_t mdsec_read_u64be(mdsec_reader_t *r);
/** @brief Read a little-endian u64. @param r The reader. @return The value or 0. */
uint64_t mdsec_read_u64le(mdsec_reader_t *r);

/**
 * @brief Read an unsigned LEB128 integer of at most 64 bits.
 *
 * At most 10 bytes; a value that needs more than 64 bits sets
 * ::MDSEC_ERR_PARSE_OVERFLOW, and input that ends inside the number sets
 * ::MDSEC_ERR_PARSE_TRUNCATED. Redundant high zero groups are accepted
 * within the 10-byte limit, as the LEB128 definition allows.
 * @param r The reader.
 * @return The value, or 0 on failure.
 */
uint64_t mdsec_read_uleb128(mdsec_reader_t *r);

/**
 * @brief Take the next @p n bytes as a span (no copy).
 * @param r The reader.
 * @param n Number of bytes.
 * @return The span; an empty span on failure.
 */
mdsec_span_t mdsec_read_span(mdsec_reader_t *r, size_t n);

/**
 * @brief Copy the next @p n bytes into @p out.
 * @param r The reader.
 * @param[out] out Destination of @p n bytes; zeroed on failure.
 * @param n Number of bytes.
 */
void mdsec_read_bytes(mdsec_reader_t *r, void *out, size_t n);

/**
 * @brief Skip @p n bytes.
 * @param r The reader.
 * @param n Number of bytes.
 */
void mdsec_read_skip(mdsec_reader_t *r, size_t n);

/**
 * @brief Split off a sub-reader over the next @p len bytes and advance the
 *        parent past them.
 *
 * When @p len does not fit in what the parent has left, the parent takes
 * ::MDSEC_ERR_PARSE_TRUNCATED and the child starts in that error state.
 * @param parent The reader to split from.
 * @param[out] child The bounded reader.
 * @param len Declared length of the nested structure.
 */
void mdsec_reader_sub(mdsec_reader_t *parent, mdsec_reader_t *child, size_t len);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Checked arithmetic and bounded copies */
/** @{ */

/**
 * @brief `*out = a + b` unless that overflows `size_t`.
 * @param a Addend.
 * @param b Addend.
 * @param[out] out The sum, or 0 on overflow.
 * @return ::MDSEC_OK or ::MDSEC_ERR_OVERFLOW.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_size_add(size_t a, size_t b, size_t *out);

/**
 * @brief `*out = a * b` unless that overflows `size_t`.
 * @param a Factor.
 * @param b Factor.
 * @param[out] out The product, or 0 on overflow.
 * @return ::MDSEC_OK or ::MDSEC_ERR_OVERFLOW.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_size_mul(size_t a, size_t b, size_t *out);

/**
 * @brief Check `min <= v <= max`.
 * @param v Value.
 * @param min Smallest allowed.
 * @param max Largest allowed.
 * @return ::MDSEC_OK or ::MDSEC_ERR_PARSE_RANGE.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_check_range(uint64_t v, uint64_t min, uint64_t max);

/**
 * @brief Copy a byte string into a C string buffer, always NUL-terminating.
 *
 * @param[out] dst Destination; on return it holds as much of @p src as fits
 *                 followed by a NUL (an empty string on failure).
 * @param dst_size Capacity of @p dst in bytes, at least 1.
 * @param src Source bytes (need not be NUL-terminated).
 * @param src_len Number of source bytes.
 * @param[out] truncated Set to 1 when @p src did not fit whole, else 0.
 * @return ::MDSEC_OK (check @p truncated), ::MDSEC_ERR_INVALID_ARG, or
 *         ::MDSEC_ERR_PARSE_STRING_NUL when @p src contains a NUL byte.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_strcopy(char *dst, size_t dst_size, const uint8_t *src,
                                             size_t src_len, int *truncated);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Generic TLV iterator */
/** @{ */

/** @brief Shape of a TLV encoding. */
typedef struct mdsec_tlv_format {
    uint8_t tag_size;   /**< Bytes of tag: 1, 2 or 4. */
    uint8_t len_size;   /**< Bytes of length: 1, 2 or 4. */
    uint8_t big_endian; /**< Nonzero for big-endian tag and length fields. */
} mdsec_tlv_format_t;

/** @brief MCUboot's TLV areas: u16 type, u16 length, little endian. */
#define MDSEC_TLV_FORMAT_MCUBOOT \
    {                            \
        2u, 2u, 0u               \
    }

/** @brief One TLV item. */
typedef struct mdsec_tlv {
    uint32_t tag;       /**< Tag value. */
    mdsec_span_t value; /**< The value bytes (inside the input). */
    size_t offset;      /**< Offset of the item's first byte in the outermost input. */
} mdsec_tlv_t;

/** @brief TLV iterator. Fields are private. */
typedef struct mdsec_tlv_iter {
    /** @privatesection */
    mdsec_reader_t r;
    mdsec_tlv_format_t fmt;
} mdsec_tlv_iter_t;

/**
 * @brief Iterate the TLV items in @p area.
 * @param it The iterator.
 * @param fmt Encoding; an invalid shape makes every later call fail with
 *            ::MDSEC_ERR_INVALID_ARG.
 * @param area The TLV area.
 * @param len Its length.
 */
void mdsec_tlv_iter_init(mdsec_tlv_iter_t *it, mdsec_tlv_format_t fmt, const void *area,
                         size_t len);

/**
 * @brief Iterate the TLV items in what is left of reader @p r (which then
 *        advances to its end).
 * @param it The iterator.
 * @param fmt Encoding.
 * @param r A reader; the iterator keeps @p r's origin for offsets.
 */
void mdsec_tlv_iter_from_reader(mdsec_tlv_iter_t *it, mdsec_tlv_format_t fmt, mdsec_reader_t *r);

/**
 * @brief Whether every item has been read without error.
 * @param it The iterator.
 * @return 1 when the area is exhausted and no error occurred, else 0.
 */
int mdsec_tlv_done(const mdsec_tlv_iter_t *it);

/**
 * @brief Read the next item.
 * @param it The iterator.
 * @param[out] out The item; zeroed on failure.
 * @return ::MDSEC_OK; ::MDSEC_ERR_PARSE_TRUNCATED when the area ends inside
 *         an item header or is already exhausted; ::MDSEC_ERR_PARSE_TLV_LENGTH
 *         when the item's length runs past the end of the area (never a
 *         short read); the sticky error otherwise.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_tlv_next(mdsec_tlv_iter_t *it, mdsec_tlv_t *out);

/**
 * @brief Encode one TLV item into @p out.
 * @param fmt Encoding.
 * @param tag Tag; must fit fmt.tag_size.
 * @param value Value bytes (may be NULL when @p value_len is 0).
 * @param value_len Value length; must fit fmt.len_size.
 * @param[out] out Destination.
 * @param out_cap Its capacity.
 * @param[out] out_len Bytes written.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG, ::MDSEC_ERR_PARSE_RANGE (tag
 *         or length does not fit) or ::MDSEC_ERR_BUFFER_TOO_SMALL.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_tlv_encode(mdsec_tlv_format_t fmt, uint32_t tag,
                                                const void *value, size_t value_len, uint8_t *out,
                                                size_t out_cap, size_t *out_len);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Strict DER */
/** @{ */

/** @brief DER tag: INTEGER. */
#define MDSEC_DER_INTEGER      0x02u
/** @brief DER tag: BIT STRING. */
#define MDSEC_DER_BIT_STRING   0x03u
/** @brief DER tag: OCTET STRING. */
#define MDSEC_DER_OCTET_STRING 0x04u
/** @brief DER tag: NULL. */
#define MDSEC_DER_NULL         0x05u
/** @brief DER tag: OBJECT IDENTIFIER. */
#define MDSEC_DER_OID          0x06u
/** @brief DER tag: SEQUENCE (constructed). */
#define MDSEC_DER_SEQUENCE     0x30u
/** @brief DER tag: context-specific constructed [0]. */
#define MDSEC_DER_CONTEXT_0    0xA0u
/** @brief DER tag: context-specific constructed [1]. */
#define MDSEC_DER_CONTEXT_1    0xA1u

/**
 * @brief Read one DER element header and split its contents off.
 *
 * Rejects long-form (multi-byte) tags, indefinite lengths, lengths not in
 * their minimal form, lengths over 4 bytes, and lengths that run past the
 * parent. On success @p r has advanced past the element.
 * @param r Reader positioned at the element.
 * @param[out] tag The tag byte (0 on failure).
 * @param[out] content A reader over exactly the element's contents.
 * @return ::MDSEC_OK, ::MDSEC_ERR_PARSE_DER_TAG, ::MDSEC_ERR_PARSE_DER_LENGTH,
 *         ::MDSEC_ERR_PARSE_TRUNCATED or the reader's sticky error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_element(mdsec_reader_t *r, uint8_t *tag,
                                                 mdsec_reader_t *content);

/**
 * @brief Read an element that must carry tag @p tag.
 * @param r Reader.
 * @param tag Expected tag.
 * @param[out] content Reader over its contents.
 * @return As mdsec_der_element(), plus ::MDSEC_ERR_PARSE_DER_TAG for another tag.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_expect(mdsec_reader_t *r, uint8_t tag,
                                                mdsec_reader_t *content);

/**
 * @brief Read a non-negative INTEGER as its big-endian magnitude.
 *
 * The encoding must be minimal (no redundant leading 0x00 or 0xFF byte) and
 * the value non-negative. The span excludes the sign byte, so a value of
 * zero is the one byte 0x00.
 * @param r Reader.
 * @param[out] magnitude The magnitude bytes.
 * @return ::MDSEC_OK, ::MDSEC_ERR_PARSE_DER_INTEGER or a header error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_uint(mdsec_reader_t *r, mdsec_span_t *magnitude);

/**
 * @brief Read a BIT STRING that must have no unused bits.
 * @param r Reader.
 * @param[out] bits The content after the unused-bits byte.
 * @return ::MDSEC_OK, ::MDSEC_ERR_PARSE_DER_BITSTRING or a header error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_bitstring(mdsec_reader_t *r, mdsec_span_t *bits);

/**
 * @brief Check that every byte in @p der is a well-formed sequence of DER
 *        elements (tags, minimal lengths, nesting of constructed elements up
 *        to ::MDSEC_DER_MAX_DEPTH), without interpreting values.
 *
 * BER-only forms are refused: end-of-contents (tag 0), universal primitive
 * types (strings, INTEGER, NULL, ...) in constructed form, primitive
 * SEQUENCE or SET (::MDSEC_ERR_PARSE_DER_TAG), and a BIT STRING whose
 * unused-bit count exceeds 7, is non-zero when it has no content bits, or
 * whose unused bits are not zero (::MDSEC_ERR_PARSE_DER_BITSTRING).
 * @param der Input.
 * @param len Input length.
 * @return ::MDSEC_OK or the first error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_check(const uint8_t *der, size_t len);

/** @brief Key kinds the DER decoders recognise. */
typedef enum mdsec_der_key_kind {
    MDSEC_DER_KEY_NONE = 0,    /**< Nothing decoded. */
    MDSEC_DER_KEY_EC_P256 = 1, /**< Elliptic curve key on NIST P-256. */
    MDSEC_DER_KEY_EC_P384 = 2, /**< Elliptic curve key on NIST P-384. */
    MDSEC_DER_KEY_RSA = 3,     /**< RSA key. */
    MDSEC_DER_KEY_ED25519 = 4  /**< Ed25519 key (RFC 8410, 32 bytes). */
} mdsec_der_key_kind_t;

/** @brief A decoded public key: spans point into the input. */
typedef struct mdsec_der_pubkey {
    mdsec_der_key_kind_t kind; /**< Which kind. */
    mdsec_span_t point;        /**< EC: uncompressed point 0x04||X||Y; Ed25519: 32 bytes. */
    mdsec_span_t n;            /**< RSA modulus magnitude. */
    mdsec_span_t e;            /**< RSA public exponent magnitude. */
} mdsec_der_pubkey_t;

/**
 * @brief Decode a SubjectPublicKeyInfo (RFC 5280) holding an EC P-256/P-384
 *        (RFC 5480, uncompressed point), RSA (RFC 8017) or Ed25519 (RFC 8410) key.
 * @param der Input.
 * @param len Input length.
 * @param[out] out The key; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_PARSE_DER_OID (unknown algorithm or
 *         curve), ::MDSEC_ERR_PARSE_DER_VALUE (wrong point size or form), a
 *         DER error, or ::MDSEC_ERR_PARSE_TRAILING.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_parse_spki(const uint8_t *der, size_t len,
                                                    mdsec_der_pubkey_t *out);

/**
 * @brief Decode a PKCS#1 RSAPublicKey (RFC 8017 A.1.1).
 * @param der Input.
 * @param len Input length.
 * @param[out] out Kind ::MDSEC_DER_KEY_RSA with n and e; zeroed on failure.
 * @return ::MDSEC_OK or a DER error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_parse_rsa_pubkey(const uint8_t *der, size_t len,
                                                          mdsec_der_pubkey_t *out);

/**
 * @brief Decode an ECDSA-Sig-Value (RFC 3279) into fixed-size r || s.
 * @param der Input.
 * @param len Input length.
 * @param scalar_len Field size of the curve: 32 (P-256) or 48 (P-384).
 * @param[out] raw Output of 2 * @p scalar_len bytes; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG, ::MDSEC_ERR_PARSE_DER_INTEGER
 *         (r or s zero, or longer than the field) or a DER error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_parse_ecdsa_sig(const uint8_t *der, size_t len,
                                                         size_t scalar_len, uint8_t *raw);

/** @brief A decoded EC private key: spans point into the input. */
typedef struct mdsec_der_ec_privkey {
    mdsec_der_key_kind_t kind; /**< ::MDSEC_DER_KEY_EC_P256 or ::MDSEC_DER_KEY_EC_P384. */
    mdsec_span_t scalar;       /**< The private scalar, exactly the field size. */
    mdsec_span_t point;        /**< The public point if the encoding carries it, else empty. */
} mdsec_der_ec_privkey_t;

/**
 * @brief Decode an EC private key in SEC1 ECPrivateKey (RFC 5915) or
 *        PKCS#8 PrivateKeyInfo (RFC 5208) form.
 *
 * The curve must be named, either in the PKCS#8 algorithm or in the SEC1
 * parameters (and both must agree when both are present).
 * @param der Input.
 * @param len Input length.
 * @param[out] out The key; zeroed on failure.
 * @return ::MDSEC_OK, ::MDSEC_ERR_PARSE_DER_OID, ::MDSEC_ERR_PARSE_DER_VALUE
 *         or a DER error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_der_parse_ec_privkey(const uint8_t *der, size_t len,
                                                          mdsec_der_ec_privkey_t *out);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Deterministic CBOR (RFC 8949) */
/** @{ */

/** @brief Kind of a decoded CBOR item. */
typedef enum mdsec_cbor_type {
    MDSEC_CBOR_UINT = 0,  /**< Unsigned integer: value in @c val. */
    MDSEC_CBOR_NINT = 1,  /**< Negative integer -1 - @c val. */
    MDSEC_CBOR_BSTR = 2,  /**< Byte string: bytes in @c str. */
    MDSEC_CBOR_TSTR = 3,  /**< Text string (valid UTF-8): bytes in @c str. */
    MDSEC_CBOR_ARRAY = 4, /**< Array of @c val items, which follow. */
    MDSEC_CBOR_MAP = 5,   /**< Map of @c val pairs (2 * @c val items), which follow. */
    MDSEC_CBOR_TAG = 6,   /**< Tag number @c val; the tagged item follows. */
    MDSEC_CBOR_SIMPLE = 7 /**< Simple value @c val (20 false, 21 true, 22 null, 23 undefined). */
} mdsec_cbor_type_t;

/** @brief One CBOR data item head. */
typedef struct mdsec_cbor_item {
    mdsec_cbor_type_t type; /**< Kind. */
    uint64_t val;           /**< Argument: value, length, count, tag or simple value. */
    mdsec_span_t str;       /**< String contents for BSTR/TSTR (inside the input). */
    size_t offset;          /**< Offset of the item's first byte in the input. */
    uint8_t depth;          /**< Nesting depth (0 for the top-level item). */
} mdsec_cbor_item_t;

/** @brief Accept integer arguments that are not in their shortest form. */
#define MDSEC_CBOR_ALLOW_NOT_SHORTEST 0x1u

/** @brief Iterative CBOR decoder. Fields are private. */
typedef struct mdsec_cbor_decoder {
    /** @privatesection */
    mdsec_reader_t r;
    uint64_t left[MDSEC_CBOR_MAX_DEPTH + 1u];
    size_t err_offset;
    uint32_t flags;
    uint8_t depth;
} mdsec_cbor_decoder_t;

/**
 * @brief Decode one top-level CBOR item (with everything nested in it)
 *        from @p buf.
 *
 * By default the decoder is strict: indefinite-length items are rejected
 * (::MDSEC_ERR_PARSE_CBOR_INDEFINITE), integer arguments must use their
 * shortest encoding (::MDSEC_ERR_PARSE_CBOR_NOT_SHORTEST, RFC 8949 4.2.1),
 * text strings must be valid UTF-8, nesting is limited to
 * ::MDSEC_CBOR_MAX_DEPTH, and floating-point values are refused
 * (::MDSEC_ERR_PARSE_CBOR_UNSUPPORTED).
 * @param d The decoder.
 * @param buf Input.
 * @param len Input length.
 * @param flags 0 or ::MDSEC_CBOR_ALLOW_NOT_SHORTEST.
 */
void mdsec_cbor_init(mdsec_cbor_decoder_t *d, const void *buf, size_t len, uint32_t flags);

/**
 * @brief Whether the top-level item is complete (and no error occurred).
 * @param d The decoder.
 * @return 1 or 0.
 */
int mdsec_cbor_done(const mdsec_cbor_decoder_t *d);

/**
 * @brief Decode the next item head in document order.
 * @param d The decoder.
 * @param[out] item The item; zeroed on failure.
 * @return ::MDSEC_OK or a ::MDSEC_ERR_PARSE_TRUNCATED / CBOR error; the
 *         error is sticky. Calling after the top-level item is complete
 *         returns ::MDSEC_ERR_PARSE_TRAILING.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_cbor_next(mdsec_cbor_decoder_t *d, mdsec_cbor_item_t *item);

/**
 * @brief Skip everything nested in @p item (the item just returned by
 *        mdsec_cbor_next()), checking it as it goes.
 * @param d The decoder.
 * @param item The array, map or tag just read; other kinds need no skip.
 * @return ::MDSEC_OK or the first error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_cbor_skip(mdsec_cbor_decoder_t *d,
                                               const mdsec_cbor_item_t *item);

/**
 * @brief Check that the top-level item is complete and nothing follows it.
 * @param d The decoder.
 * @return ::MDSEC_OK, the sticky error, ::MDSEC_ERR_PARSE_TRUNCATED (item
 *         not complete) or ::MDSEC_ERR_PARSE_TRAILING.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_cbor_finish(const mdsec_cbor_decoder_t *d);

/**
 * @brief Check that @p buf holds exactly one well-formed, deterministic
 *        CBOR item.
 * @param buf Input.
 * @param len Input length.
 * @param flags As for mdsec_cbor_init().
 * @param[out] err_offset Offset of the first error, or @p len on success
 *                        (may be NULL).
 * @return ::MDSEC_OK or the first error.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_cbor_check(const void *buf, size_t len, uint32_t flags,
                                                size_t *err_offset);

/**
 * @brief Encode an item head (type and argument) in its shortest form.
 *
 * For BSTR and TSTR, @p val is the length; the caller appends the bytes.
 * @param type Major type.
 * @param val Argument.
 * @param[out] out Destination (9 bytes always suffice).
 * @param out_cap Its capacity.
 * @param[out] out_len Bytes written.
 * @return ::MDSEC_OK, ::MDSEC_ERR_INVALID_ARG (simple value 24..31) or
 *         ::MDSEC_ERR_BUFFER_TOO_SMALL.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_cbor_encode_head(mdsec_cbor_type_t type, uint64_t val,
                                                      uint8_t *out, size_t out_cap,
                                                      size_t *out_len);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Schema validation of CBOR messages */
/** @{ */

/** @brief Field types a schema can require. */
typedef enum mdsec_schema_type {
    MDSEC_SCHEMA_UINT =
        1, /**< Unsigned integer, stored as `uint64_t`, `uint32_t`, `uint16_t` or `uint8_t`. */
    MDSEC_SCHEMA_INT = 2,  /**< Signed integer, stored as `int64_t` or `int32_t`. */
    MDSEC_SCHEMA_BOOL = 3, /**< true/false, stored as `uint8_t` 0 or 1. */
    MDSEC_SCHEMA_TSTR = 4, /**< Text, stored NUL-terminated in a `char[]` (capacity @c out_size). */
    MDSEC_SCHEMA_BSTR =
        5 /**< Bytes, stored in a `uint8_t[]` with the length in a `size_t` at @c len_offset. */
} mdsec_schema_type_t;

/** @brief One field of a message: a map entry with an integer key. */
typedef struct mdsec_schema_field {
    const char *name;         /**< For error reports. */
    int64_t key;              /**< The CBOR map key. */
    mdsec_schema_type_t type; /**< Required type. */
    uint8_t required;         /**< Nonzero when the field must be present. */
    int64_t min;              /**< Integers: smallest value. Strings: shortest length. */
    int64_t max;              /**< Integers: largest value. Strings: longest length. */
    const int64_t *allowed;   /**< Integers: the allowed values, or NULL for any in range. */
    size_t allowed_count;     /**< Entries in @c allowed. */
    size_t out_offset;        /**< Where the value goes in the output struct. */
    size_t out_size;          /**< Bytes there (integer width, or buffer capacity). */
    size_t len_offset;        /**< BSTR: where its `size_t` length goes. */
    size_t
        present_offset; /**< Optional fields: a `uint8_t` set to 1 when present, or SIZE_MAX for none. */
} mdsec_schema_field_t;

/** @brief A message: a CBOR map whose entries the fields describe. */
typedef struct mdsec_schema {
    const char *name;                   /**< Message name, for reports. */
    const mdsec_schema_field_t *fields; /**< The fields. */
    size_t field_count;                 /**< At most ::MDSEC_SCHEMA_MAX_FIELDS. */
    size_t out_size;                    /**< sizeof the output struct. */
} mdsec_schema_t;

/** @brief Where and why a message was refused. */
typedef struct mdsec_schema_error {
    mdsec_status_t status; /**< The failure (::MDSEC_OK when none). */
    const char *field;     /**< Name of the failing field, or NULL when not about one field. */
    size_t offset;         /**< Byte offset in the message where the problem was seen. */
} mdsec_schema_error_t;

/**
 * @brief Recognise a whole message against @p schema, and only then fill
 *        @p out.
 *
 * The message must be one deterministic CBOR map with nothing after it;
 * every key must be a known integer key at most once; every value must
 * have its field's type and lie within its range, length range and allowed
 * set; every required field must be present. When anything fails, @p out
 * is left all zeroes and @p err names the status, the field and the offset.
 * @param schema The message description.
 * @param msg Input.
 * @param len Input length.
 * @param[out] out The caller's struct (zeroed, then filled on success).
 * @param out_size sizeof(*out); must equal @c schema->out_size.
 * @param[out] err Failure details (may be NULL).
 * @return ::MDSEC_OK or the failure.
 */
MDSEC_NODISCARD mdsec_status_t mdsec_schema_decode(const mdsec_schema_t *schema, const void *msg,
                                                   size_t len, void *out, size_t out_size,
                                                   mdsec_schema_error_t *err);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* MDSEC_PARSE_H */
