/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Schema validation of CBOR messages: recognise the whole message against
 * a const table first (pass 1), and only then fill the caller's struct
 * (pass 2, over input already known to be valid).
 */
#include <string.h>

#include "mdsec/parse.h"
#include "parse_internal.h"

#if MDSEC_SCHEMA_MAX_FIELDS > 64u
#error "MDSEC_SCHEMA_MAX_FIELDS must be at most 64 (a 64-bit bitmap tracks fields)"
#endif

static int int_width_ok(mdsec_schema_type_t t, size_t w)
{
    if (t == MDSEC_SCHEMA_UINT) {
        return w == 1u || w == 2u || w == 4u || w == 8u;
    }
    if (t == MDSEC_SCHEMA_INT) {
        return w == 4u || w == 8u;
    }
    return w == 1u; /* BOOL */
}

/* Largest value a UINT field of width w can hold. */
static uint64_t uint_width_max(size_t w)
{
    return (w >= 8u) ? UINT64_MAX : ((UINT64_C(1) << (8u * w)) - 1u);
}

static mdsec_status_t schema_valid(const mdsec_schema_t *s, size_t out_size)
{
    size_t i, j;

    if (s == NULL || s->fields == NULL || s->field_count == 0u ||
        s->field_count > MDSEC_SCHEMA_MAX_FIELDS || s->out_size != out_size) {
        return MDSEC_ERR_PARSE_SCHEMA_INVALID;
    }
    for (i = 0; i < s->field_count; i++) {
        const mdsec_schema_field_t *f = &s->fields[i];
        size_t end;
        if (f->out_size == 0u || mdsec_size_add(f->out_offset, f->out_size, &end) != MDSEC_OK ||
            end > out_size || f->min > f->max) {
            return MDSEC_ERR_PARSE_SCHEMA_INVALID;
        }
        if (!f->required && f->present_offset != SIZE_MAX && f->present_offset >= out_size) {
            return MDSEC_ERR_PARSE_SCHEMA_INVALID;
        }
        if (f->allowed == NULL && f->allowed_count != 0u) {
            return MDSEC_ERR_PARSE_SCHEMA_INVALID;
        }
        switch (f->type) {
        case MDSEC_SCHEMA_UINT:
            if (!int_width_ok(f->type, f->out_size) || f->min < 0 ||
                (uint64_t)f->max > uint_width_max(f->out_size)) {
                return MDSEC_ERR_PARSE_SCHEMA_INVALID;
            }
            break;
        case MDSEC_SCHEMA_INT:
            if (!int_width_ok(f->type, f->out_size) ||
                (f->out_size == 4u && (f->min < INT32_MIN || f->max > INT32_MAX))) {
                return MDSEC_ERR_PARSE_SCHEMA_INVALID;
            }
            break;
        case MDSEC_SCHEMA_BOOL:
            if (!int_width_ok(f->type, f->out_size)) {
                return MDSEC_ERR_PARSE_SCHEMA_INVALID;
            }
            break;
        case MDSEC_SCHEMA_TSTR: /* room for the longest string and its NUL */
            if (f->min < 0 || (uint64_t)f->max >= (uint64_t)f->out_size) {
                return MDSEC_ERR_PARSE_SCHEMA_INVALID;
            }
            break;
        case MDSEC_SCHEMA_BSTR:
            if (f->min < 0 || (uint64_t)f->max > (uint64_t)f->out_size ||
                mdsec_size_add(f->len_offset, sizeof(size_t), &end) != MDSEC_OK || end > out_size) {
                return MDSEC_ERR_PARSE_SCHEMA_INVALID;
            }
            break;
        default: return MDSEC_ERR_PARSE_SCHEMA_INVALID;
        }
        for (j = 0; j < i; j++) {
            if (s->fields[j].key == f->key) {
                return MDSEC_ERR_PARSE_SCHEMA_INVALID;
            }
        }
    }
    return MDSEC_OK;
}

/* The integer value of an integer item: 0 when it is not one or too large. */
static int item_int(const mdsec_cbor_item_t *it, int64_t *v)
{
    if (it->type == MDSEC_CBOR_UINT && it->val <= (uint64_t)INT64_MAX) {
        *v = (int64_t)it->val;
        return 1;
    }
    if (it->type == MDSEC_CBOR_NINT && it->val <= (uint64_t)INT64_MAX) {
        *v = -1 - (int64_t)it->val;
        return 1;
    }
    return 0;
}

/* Checks one value against its field. */
static mdsec_status_t check_value(const mdsec_schema_field_t *f, const mdsec_cbor_item_t *v)
{
    int64_t iv = 0;

    switch (f->type) {
    case MDSEC_SCHEMA_UINT:
    case MDSEC_SCHEMA_INT:
        if ((f->type == MDSEC_SCHEMA_UINT && v->type != MDSEC_CBOR_UINT) ||
            (v->type != MDSEC_CBOR_UINT && v->type != MDSEC_CBOR_NINT)) {
            return MDSEC_ERR_PARSE_SCHEMA_TYPE;
        }
        if (!item_int(v, &iv) || iv < f->min || iv > f->max) {
            return MDSEC_ERR_PARSE_SCHEMA_RANGE;
        }
        if (f->allowed != NULL) {
            size_t i;
            for (i = 0; i < f->allowed_count; i++) {
                if (f->allowed[i] == iv) {
                    return MDSEC_OK;
                }
            }
            return MDSEC_ERR_PARSE_SCHEMA_VALUE;
        }
        return MDSEC_OK;
    case MDSEC_SCHEMA_BOOL:
        if (v->type != MDSEC_CBOR_SIMPLE || (v->val != 20u && v->val != 21u)) {
            return MDSEC_ERR_PARSE_SCHEMA_TYPE;
        }
        return MDSEC_OK;
    case MDSEC_SCHEMA_TSTR:
    case MDSEC_SCHEMA_BSTR:
        if (v->type != ((f->type == MDSEC_SCHEMA_TSTR) ? MDSEC_CBOR_TSTR : MDSEC_CBOR_BSTR)) {
            return MDSEC_ERR_PARSE_SCHEMA_TYPE;
        }
        if (v->str.len < (uint64_t)f->min || v->str.len > (uint64_t)f->max) {
            return MDSEC_ERR_PARSE_SCHEMA_LENGTH;
        }
        if (f->type == MDSEC_SCHEMA_TSTR && v->str.len != 0u &&
            memchr(v->str.ptr, 0, v->str.len) != NULL) {
            return MDSEC_ERR_PARSE_SCHEMA_VALUE; /* NUL inside text */
        }
        return MDSEC_OK;
    default: return MDSEC_ERR_PARSE_SCHEMA_INVALID;
    }
}

static void store_value(const mdsec_schema_field_t *f, const mdsec_cbor_item_t *v, uint8_t *out)
{
    uint8_t *dst = out + f->out_offset;

    switch (f->type) {
    case MDSEC_SCHEMA_UINT:
        if (f->out_size == 1u) {
            uint8_t x = (uint8_t)v->val;
            memcpy(dst, &x, 1u);
        } else if (f->out_size == 2u) {
            uint16_t x = (uint16_t)v->val;
            memcpy(dst, &x, 2u);
        } else if (f->out_size == 4u) {
            uint32_t x = (uint32_t)v->val;
            memcpy(dst, &x, 4u);
        } else {
            memcpy(dst, &v->val, 8u);
        }
        break;
    case MDSEC_SCHEMA_INT: {
        int64_t iv = 0;
        (void)item_int(v, &iv);
        if (f->out_size == 4u) {
            int32_t x = (int32_t)iv;
            memcpy(dst, &x, 4u);
        } else {
            memcpy(dst, &iv, 8u);
        }
        break;
    }
    case MDSEC_SCHEMA_BOOL: dst[0] = (v->val == 21u) ? 1u : 0u; break;
    case MDSEC_SCHEMA_TSTR:
    case MDSEC_SCHEMA_BSTR:
        if (v->str.len != 0u) {
            memcpy(dst, v->str.ptr, v->str.len);
        }
        if (f->type == MDSEC_SCHEMA_BSTR) {
            size_t n = v->str.len;
            memcpy(out + f->len_offset, &n, sizeof n);
        }
        break;
    default: break;
    }
    if (!f->required && f->present_offset != SIZE_MAX) {
        out[f->present_offset] = 1u;
    }
}

static const mdsec_schema_field_t *find_field(const mdsec_schema_t *s, const mdsec_cbor_item_t *k,
                                              size_t *index)
{
    int64_t key;
    size_t i;

    if (!item_int(k, &key)) {
        return NULL;
    }
    for (i = 0; i < s->field_count; i++) {
        if (s->fields[i].key == key) {
            *index = i;
            return &s->fields[i];
        }
    }
    return NULL;
}

/* One pass over the message; stores values only when out != NULL. */
static mdsec_status_t walk(const mdsec_schema_t *s, const void *msg, size_t len, uint8_t *out,
                           mdsec_schema_error_t *e)
{
    mdsec_cbor_decoder_t d;
    mdsec_cbor_item_t map, k, v;
    uint64_t seen = 0u;
    uint64_t i;
    size_t fi = 0u;
    mdsec_status_t st;

    mdsec_cbor_init(&d, msg, len, 0u);
    st = mdsec_cbor_next(&d, &map);
    if (st != MDSEC_OK) {
        e->offset = d.err_offset;
        return st;
    }
    if (map.type != MDSEC_CBOR_MAP) {
        e->offset = map.offset;
        return MDSEC_ERR_PARSE_SCHEMA_TYPE;
    }
    for (i = 0; i < map.val; i++) {
        const mdsec_schema_field_t *f;
        st = mdsec_cbor_next(&d, &k);
        if (st != MDSEC_OK) {
            e->offset = d.err_offset;
            return st;
        }
        f = find_field(s, &k, &fi);
        if (f == NULL) {
            e->offset = k.offset;
            return MDSEC_ERR_PARSE_SCHEMA_UNKNOWN;
        }
        e->field = f->name;
        if ((seen & (UINT64_C(1) << fi)) != 0u) {
            e->offset = k.offset;
            return MDSEC_ERR_PARSE_SCHEMA_DUPLICATE;
        }
        seen |= UINT64_C(1) << fi;
        st = mdsec_cbor_next(&d, &v);
        if (st != MDSEC_OK) {
            e->offset = d.err_offset;
            return st;
        }
        st = check_value(f, &v);
        if (st != MDSEC_OK) {
            e->offset = v.offset;
            return st;
        }
        if (out != NULL) {
            store_value(f, &v, out);
        }
        e->field = NULL;
    }
    st = mdsec_cbor_finish(&d);
    if (st != MDSEC_OK) {
        e->offset = mdsec_reader_offset(&d.r);
        return st;
    }
    for (fi = 0; fi < s->field_count; fi++) {
        if (s->fields[fi].required && (seen & (UINT64_C(1) << fi)) == 0u) {
            e->field = s->fields[fi].name;
            e->offset = len;
            return MDSEC_ERR_PARSE_SCHEMA_MISSING;
        }
    }
    return MDSEC_OK;
}

mdsec_status_t mdsec_schema_decode(const mdsec_schema_t *schema, const void *msg, size_t len,
                                   void *out, size_t out_size, mdsec_schema_error_t *err)
{
    mdsec_schema_error_t local = {MDSEC_OK, NULL, 0u};
    mdsec_schema_error_t *e = (err != NULL) ? err : &local;
    mdsec_status_t st;

    memset(e, 0, sizeof *e);
    if (out == NULL || (msg == NULL && len != 0u)) {
        e->status = MDSEC_ERR_INVALID_ARG;
        return e->status;
    }
    memset(out, 0, out_size);
    st = schema_valid(schema, out_size);
    if (st == MDSEC_OK) {
        st = walk(schema, msg, len, NULL, e); /* recognise everything first */
    }
    if (st == MDSEC_OK) {
        mdsec_schema_error_t again;
        memset(&again, 0, sizeof again);
        st = walk(schema, msg, len, (uint8_t *)out, &again);
        if (st != MDSEC_OK) {
            st = MDSEC_ERR_INTERNAL; /* cannot happen: the input was recognised */
        }
    }
    if (st != MDSEC_OK) {
        memset(out, 0, out_size);
        e->status = st;
    }
    return st;
}
