/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Helpers shared by the host tools (mdsec-fw, mdsec-keys, mdsec-log):
 * messages, the option tables that drive both parsing and --help, file
 * reading and writing with one message per fault, the output-is-an-input
 * check, hex digits, and the PEM and base64 decoders. Each tool names
 * itself once with toolutil_set_tool() at the start of main().
 */
#ifndef MDSEC_TOOLUTIL_H
#define MDSEC_TOOLUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__) || defined(__clang__)
#define TOOLUTIL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TOOLUTIL_PRINTF(a, b)
#endif

/* ---- commands and options ---- */

/* One option of a command. The table is what the command parses and what
 * its --help lists: an option is accepted exactly when it is in the table. */
typedef struct toolutil_opt {
    const char *name;   /* one spelling, "--key" or "-o" */
    const char *alias;  /* another spelling ("-k", "--output"), or NULL */
    const char *arg;    /* placeholder of its value ("PUB.pem"), or NULL for a flag */
    const char *help;   /* what it does, for --help (lines) */
    const char *alias2; /* a third spelling, or NULL */
} toolutil_opt_t;

/* One command of a tool. */
typedef struct toolutil_cmd {
    const char *name;     /* "verify" */
    const char *synopsis; /* what follows "<tool> <name> ": one line per form; a line
                             starting with a space continues the form above it */
    const char *summary;  /* what the command does (lines) */
    const char *notes;    /* printed after the options by <tool> <name> --help, or NULL */
    const toolutil_opt_t *opts;
    size_t nopts;
    const char *const *refused; /* spellings refused with refuse_msg (NULL-terminated), or NULL */
    const char *refuse_msg;
} toolutil_cmd_t;

/* A tool: its name, commands and the texts of its --help. */
typedef struct toolutil_tool {
    const char *prog;
    const toolutil_cmd_t *const *cmds;
    size_t ncmds;
    const char *notes;     /* printed after the commands by <tool> --help, or NULL */
    const char *exit_text; /* "exit status: ..." */
} toolutil_tool_t;

/* Names the running tool: its name prefixes every message. */
void toolutil_set_tool(const toolutil_tool_t *tool);

/* Prints the tool's --help: every command's synopsis and summary. */
void toolutil_tool_help(FILE *out);
/* Prints <tool> <cmd> --help: synopsis, summary, every option of the table. */
void toolutil_cmd_help(FILE *out, const toolutil_cmd_t *cmd);

/* Prints "<prog>: <message>\n" on stderr. */
void toolutil_err(const char *fmt, ...) TOOLUTIL_PRINTF(1, 2);

/* Prints bytes as lowercase hex. */
void toolutil_hex(FILE *out, const uint8_t *p, size_t len);

/* The value of one hex digit, or -1. */
int toolutil_hex_digit(int c);

/* Decodes exactly 2 * n hex digits (either case) into out[0..n): 0, or -1
 * on any other character, with out wiped. */
int toolutil_hex_decode(const uint8_t *hex, size_t n, uint8_t *out);

/* ---- option parsing ---- */

/* The command-line cursor: "--name value", "--name=value", flags, and "--"
 * to end the options ("-" alone is a positional: standard input). */
typedef struct toolutil_args {
    int argc;
    char **argv;
    int i;
    const char *name;  /* the current option as given (without "=value") */
    const char *value; /* "=value" part, if any */
    int end_opts;      /* "--" seen */
    char name_buf[64];
} toolutil_args_t;

void toolutil_args_init(toolutil_args_t *a, int argc, char **argv);

#define TOOLUTIL_ARG_END  (-1) /* no more arguments */
#define TOOLUTIL_ARG_POS  (-2) /* a positional argument, in *value */
#define TOOLUTIL_ARG_HELP (-3) /* -h or --help: print the command's help */
#define TOOLUTIL_ARG_ERROR \
    (-4) /* unknown or refused option, missing or unwanted value: reason printed */

/*
 * The next item of cmd's command line: an option's index in cmd->opts (its
 * value in *value; NULL for a flag), or one of TOOLUTIL_ARG_*.
 */
int toolutil_next(toolutil_args_t *a, const toolutil_cmd_t *cmd, const char **value);

/* Whether name is one of the help spellings ("--help", "-h"). */
int toolutil_is_help(const char *name);

/* ---- files ---- */

/* Results of the file functions (after the reason is printed). */
#define TOOLUTIL_IO_ERR (-1) /* cannot open, cannot read, too large: an I/O or usage error */
#define TOOLUTIL_EMPTY  (-2) /* the file is empty (and empty was not allowed) */

/* Flags of toolutil_read_file(). */
#define TOOLUTIL_ALLOW_EMPTY 1u

/*
 * Reads a whole file (at most max bytes) into a new heap buffer; "-" is
 * standard input. Returns 0, TOOLUTIL_IO_ERR or TOOLUTIL_EMPTY, each after
 * printing the one message of its fault:
 *   PATH: cannot open: <strerror>
 *   PATH: cannot read: Is a directory      (and every other read error: <strerror>)
 *   PATH: too large (more than N bytes)
 *   PATH: empty file
 * Free with toolutil_free(), which wipes the buffer.
 */
int toolutil_read_file(const char *path, size_t max, unsigned flags, uint8_t **buf, size_t *len);
/* Wipes and frees a buffer from toolutil_read_file(). */
void toolutil_free(uint8_t *buf, size_t len);

/*
 * Opens a file to read in place (seekable: a regular file) of at most max
 * bytes, never empty. Returns 0 with *f and *size, or TOOLUTIL_IO_ERR or
 * TOOLUTIL_EMPTY after the message toolutil_read_file() prints for the same
 * fault (and "PATH: not a regular file" for a pipe or device).
 */
int toolutil_open_file(const char *path, uint64_t max, FILE **f, uint64_t *size);

/*
 * Refuses an output that is the same file as an input: same device and
 * inode (a link, another name or "-" for a redirected stdout count as the
 * same file). out "-" or NULL is standard output; inputs may hold NULL
 * entries and "-" (standard input). Returns 0, or -1 after printing
 *   OUT: is the same file as the input IN (refusing to overwrite it)
 */
int toolutil_check_output(const char *out, const char *const *inputs, size_t n);

/* Whether out is the same file as any regular file in directory dir; -1
 * after printing the message of toolutil_check_output(), else 0. */
int toolutil_check_output_dir(const char *out, const char *dir);

/* Opens an output file ("-" or NULL: stdout). NULL after printing
 *   OUT: cannot create: <strerror> */
FILE *toolutil_create(const char *path);
/* Flushes and closes an output from toolutil_create(). 0, or -1 after printing
 *   OUT: cannot write: <strerror>
 * and removing the partly written file (only a regular file: never a
 * device, pipe or directory named as the output). */
int toolutil_finish(FILE *f, const char *path);
/* Writes a whole buffer to path with toolutil_create() and toolutil_finish(). 0 or -1. */
int toolutil_write_file(const char *path, const uint8_t *buf, size_t len);

/* ---- base64 and PEM ---- */

/* Results of the decoders (toolutil_pem_str() names them). */
#define TOOLUTIL_PEM_OK          0
#define TOOLUTIL_PEM_NO_BLOCK    1  /* no "-----BEGIN" line */
#define TOOLUTIL_PEM_OUTSIDE     2  /* text outside a BEGIN/END block */
#define TOOLUTIL_PEM_BAD_BEGIN   3  /* a malformed BEGIN line */
#define TOOLUTIL_PEM_NO_END      4  /* BEGIN without its END line */
#define TOOLUTIL_PEM_END_LABEL   5  /* an END line with another label */
#define TOOLUTIL_PEM_HEADERS     6  /* header lines (such as an encrypted key's Proc-Type) */
#define TOOLUTIL_PEM_BAD_CHAR    7  /* a character that is not base64 */
#define TOOLUTIL_PEM_BAD_PADDING 8  /* '=' where it may not be, or non-zero bits before it */
#define TOOLUTIL_PEM_BAD_LENGTH  9  /* base64 not a whole number of 4-character groups */
#define TOOLUTIL_PEM_AFTER_PAD   10 /* base64 after the padding */
#define TOOLUTIL_PEM_EMPTY       11 /* a block with no data */
#define TOOLUTIL_PEM_TOO_LARGE   12 /* more data than the output holds */
#define TOOLUTIL_PEM_NOT_WANTED  13 /* blocks, but none with a wanted label */

/* The text of a decoder result. */
const char *toolutil_pem_str(int rc);

/*
 * Strict base64 (RFC 4648, section 4, standard alphabet, padded): the
 * input is a whole number of 4-character groups, '=' only as the last one
 * or two characters, the bits '=' drops zero, no white space. Returns
 * TOOLUTIL_PEM_OK or the fault; out is wiped on failure.
 */
int toolutil_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

/*
 * Strict PEM (RFC 7468): every block of text is checked (BEGIN line, base64
 * lines, the END line with the same label; nothing but blank lines outside
 * the blocks; LF or CRLF line ends). Decodes the first block whose label is
 * one of labels[] (NULL-terminated; NULL takes any) into der. label (when
 * label_cap != 0) receives that block's label, or with TOOLUTIL_PEM_NOT_WANTED
 * the first block's. *line (when not NULL) receives the line of a fault.
 * Returns TOOLUTIL_PEM_OK or the fault; der is wiped on failure.
 */
int toolutil_pem_decode(const uint8_t *text, size_t len, const char *const *labels, uint8_t *der,
                        size_t cap, size_t *der_len, char *label, size_t label_cap,
                        unsigned long *line);

/* ---- key files ---- */

/* Largest key file read (PEM text or DER). */
#define TOOLUTIL_KEY_FILE_MAX ((size_t)64u * 1024u)

/* Result of the key functions: a file that is not a usable key (after the reason). */
#define TOOLUTIL_KEY_BAD (-3)

/*
 * The DER key of key file text: the text itself when it is DER (it starts
 * with a SEQUENCE), else the first PEM block whose label is one of labels[]
 * (e.g. "PUBLIC KEY"; "PRIVATE KEY" and "EC PRIVATE KEY"). Returns 0, or
 * TOOLUTIL_KEY_BAD after printing one of
 *   PATH: not a PEM or DER key file
 *   PATH: PEM block "L" is not a supported key here (expected "A" or "B")
 *   PATH: malformed PEM at line N: <fault>
 *   PATH: key too large
 * label (label_cap != 0) receives the PEM label ("" for DER).
 */
int toolutil_key_from_text(const char *path, const uint8_t *text, size_t len,
                           const char *const *labels, uint8_t *der, size_t cap, size_t *der_len,
                           char *label, size_t label_cap);

/* Reads a key file (toolutil_read_file(), at most TOOLUTIL_KEY_FILE_MAX bytes)
 * and decodes it with toolutil_key_from_text(); the text is wiped. Returns 0,
 * TOOLUTIL_IO_ERR, TOOLUTIL_EMPTY or TOOLUTIL_KEY_BAD. */
int toolutil_read_key(const char *path, const char *const *labels, uint8_t *der, size_t cap,
                      size_t *der_len, char *label, size_t label_cap);

#endif /* MDSEC_TOOLUTIL_H */
