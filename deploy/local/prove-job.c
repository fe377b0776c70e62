/* The program of the proof jobs `wsc loadtest prove` submits in deploy/local (reliability.sh, the `prove` figures):
 * freestanding RV32IM (no zkGraph runtime, which would parse the job's raw input as a tick input and refuse it):
 * reads the input (the loadtest's request number), runs ROUNDS rounds of xorshift64 over it (about 20 cycles a
 * round), writes the 8-byte result and exits 0. Built by deploy/local/prove-job.sh. */
#include <stdint.h>

#ifndef ROUNDS
#define ROUNDS 150
#endif

static inline uint32_t ecall(uint32_t n, uint32_t a0, uint32_t a1)
{
    register uint32_t r0 __asm__("a0") = a0;
    register uint32_t r1 __asm__("a1") = a1;
    register uint32_t r7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r7) : "memory");
    return r0;
}

enum { EXIT = 93, READ_INPUT = 0x100, INPUT_LENGTH = 0x101, WRITE_OUTPUT = 0x102 };

static uint8_t buffer[64];

__attribute__((noreturn)) void run(void)
{
    uint32_t n = ecall(INPUT_LENGTH, 0, 0);
    if (n > sizeof buffer) n = sizeof buffer;
    for (uint32_t got = 0; got < n;) {
        uint32_t k = ecall(READ_INPUT, (uint32_t)(uintptr_t)(buffer + got), n - got);
        if (k == 0) break;
        got += k;
    }
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (uint32_t i = 0; i < n; i++) {
        x = (x ^ buffer[i]) * 31 + 7;
    }
    for (uint32_t i = 0; i < ROUNDS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    for (int i = 0; i < 8; i++) {
        buffer[i] = (uint8_t)(x >> (56 - 8 * i));
    }
    ecall(WRITE_OUTPUT, (uint32_t)(uintptr_t)buffer, 8);
    ecall(EXIT, 0, 0);
    for (;;) {
    }
}

__attribute__((naked, section(".text._start"))) void _start(void)
{
    __asm__ volatile("li sp, 0x01000000\n\tcall run\n");
}
