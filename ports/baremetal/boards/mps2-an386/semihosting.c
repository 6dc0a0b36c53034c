/*
 * SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The mdsec authors
 */
/*
 * Console and exit through Arm semihosting, and the newlib system calls
 * that printf(), malloc() (used by cmocka) and exit() need.
 *
 * A semihosting call is "bkpt 0xAB" with the operation in r0 and its
 * argument (a pointer to a parameter block) in r1; QEMU with
 * -semihosting-config enable=on,target=native performs it on the host and
 * returns the result in r0. Without a debugger or emulator listening, the
 * bkpt faults: this code is for the test board only.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "board.h"

/* newlib's system-call layer. Declared here because newlib's headers do not
 * declare all of them for this target. */
int _open(const char *path, int flags, ...);
int _write(int fd, const void *buf, size_t len);
int _read(int fd, void *buf, size_t len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t off, int whence);
void *_sbrk(ptrdiff_t incr);
int _getpid(void);
int _kill(int pid, int sig);
MDSEC_NORETURN void _exit(int status);

/* Heap bounds from the linker script. */
extern uint8_t __heap_start__[];
extern uint8_t __heap_end__[];

static uint32_t mps2_semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;

    __asm__ __volatile__("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Host handles for ":tt" opened for writing ("w" = 4) and appending
 * ("a" = 8): the host's stdout and stderr. 0 until opened. */
static uint32_t sh_stdout_handle;
static uint32_t sh_stderr_handle;
static uint8_t sh_stdout_open;
static uint8_t sh_stderr_open;

static int sh_open_tt(uint32_t mode, uint32_t *handle)
{
    static const char tt[] = ":tt";
    uint32_t block[3];
    uint32_t h;

    block[0] = (uint32_t)(uintptr_t)tt;
    block[1] = mode;
    block[2] = (uint32_t)(sizeof(tt) - 1u);
    h = mps2_semihost(MPS2_SH_SYS_OPEN, block);
    if (h == UINT32_MAX) {
        return -1;
    }
    *handle = h;
    return 0;
}

/* Semihosting write to the host's stdout (fd 1) or stderr (fd 2); returns
 * the number of bytes written, or -1. */
static int mps2_console_write(int fd, const void *buf, size_t len)
{
    uint32_t block[3];
    uint32_t *handle;
    uint8_t *open;
    uint32_t left;

    if (fd == 1) {
        handle = &sh_stdout_handle;
        open = &sh_stdout_open;
    } else if (fd == 2) {
        handle = &sh_stderr_handle;
        open = &sh_stderr_open;
    } else {
        return -1;
    }
    if (len == 0u) {
        return 0;
    }
    if (buf == NULL || len > INT32_MAX) {
        return -1;
    }
    if (*open == 0u) {
        if (sh_open_tt(fd == 1 ? 4u : 8u, handle) != 0) {
            return -1;
        }
        *open = 1u;
    }
    block[0] = *handle;
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = (uint32_t)len;
    /* SYS_WRITE returns the number of bytes NOT written. */
    left = mps2_semihost(MPS2_SH_SYS_WRITE, block);
    if (left > len) {
        return -1;
    }
    return (int)(len - left);
}

void mdsec_board_console_error(const char *s, uint32_t len)
{
    (void)mps2_console_write(2, s, len);
}

void mdsec__mps2_hex32(uint32_t v, char out[8])
{
    static const char digits[] = "0123456789abcdef";
    unsigned i;

    for (i = 0u; i < 8u; i++) {
        out[7u - i] = digits[(v >> (4u * i)) & 0xfu];
    }
}

void mdsec_board_exit(int status)
{
    uint32_t block[2];
    uint32_t reason =
        status == 0 ? MPS2_ADP_STOPPED_APPLICATION_EXIT : MPS2_ADP_STOPPED_RUN_TIME_ERROR_UNKNOWN;

    block[0] = MPS2_ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)status;
    (void)mps2_semihost(MPS2_SH_SYS_EXIT_EXTENDED, block);
    /* Only reached when the host does not implement SYS_EXIT_EXTENDED:
     * plain SYS_EXIT can still tell success from failure. On AArch32 its
     * argument is the reason code itself, not a block. */
    (void)mps2_semihost(MPS2_SH_SYS_EXIT, (const void *)(uintptr_t)reason);
    for (;;) {
        __asm__ __volatile__("" : : : "memory");
    }
}

/* ---- newlib system calls ------------------------------------------------ */

/* No file system on this board (cmocka's XML output asks for one). */
int _open(const char *path, int flags, ...)
{
    (void)path;
    (void)flags;
    errno = ENOENT;
    return -1;
}

int _write(int fd, const void *buf, size_t len)
{
    int n = mps2_console_write(fd, buf, len);

    if (n < 0) {
        errno = EBADF;
        return -1;
    }
    return n;
}

int _read(int fd, void *buf, size_t len)
{
    (void)buf;
    (void)len;
    if (fd == 0) {
        return 0; /* No console input on this board: end of file. */
    }
    errno = EBADF;
    return -1;
}

int _close(int fd)
{
    if (fd >= 0 && fd <= 2) {
        return 0;
    }
    errno = EBADF;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    if (fd < 0 || fd > 2 || st == NULL) {
        errno = EBADF;
        return -1;
    }
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    if (fd >= 0 && fd <= 2) {
        return 1;
    }
    errno = EBADF;
    return 0;
}

off_t _lseek(int fd, off_t off, int whence)
{
    (void)fd;
    (void)off;
    (void)whence;
    errno = ESPIPE;
    return (off_t)-1;
}

/* The heap runs from the end of .bss to the stack's reserved area; it never
 * grows into the stack. */
void *_sbrk(ptrdiff_t incr)
{
    static uintptr_t brk;
    uintptr_t start = (uintptr_t)__heap_start__;
    uintptr_t end = (uintptr_t)__heap_end__;
    uintptr_t old;

    if (brk == 0u) {
        brk = start;
    }
    old = brk;
    if (incr >= 0) {
        if ((uintptr_t)incr > end - brk) {
            errno = ENOMEM;
            return (void *)-1;
        }
        brk += (uintptr_t)incr;
    } else {
        /* The magnitude of a negative increment, without signed overflow. */
        uintptr_t dec = (uintptr_t)0 - (uintptr_t)incr;

        if (dec > brk - start) {
            errno = EINVAL;
            return (void *)-1;
        }
        brk -= dec;
    }
    return (void *)old;
}

int _getpid(void)
{
    return 1;
}

/* abort() and raise() end here: end the program as a shell reports a
 * signal, with status 128 + signal number. */
int _kill(int pid, int sig)
{
    if (pid == 1) {
        mdsec_board_exit(128 + (sig & 0x7f));
    }
    errno = EINVAL;
    return -1;
}

void _exit(int status)
{
    mdsec_board_exit(status);
}
