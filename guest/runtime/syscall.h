/* Raw ECALL wrappers shared by the runtime files. */
#ifndef ZK_SYSCALL_H
#define ZK_SYSCALL_H
#include <stdint.h>

static inline uint32_t zk_ecall(uint32_t n, uint32_t a0, uint32_t a1, uint32_t a2)
{
    register uint32_t r0 __asm__("a0") = a0;
    register uint32_t r1 __asm__("a1") = a1;
    register uint32_t r2 __asm__("a2") = a2;
    register uint32_t r7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
    return r0;
}
#endif
