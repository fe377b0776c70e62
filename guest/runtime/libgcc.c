/* The 64-bit integer helpers clang calls on RV32 (libgcc names and semantics). Written with 32-bit
 * operations only, so the compiler cannot lower them back into calls to themselves. */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);

uint64_t __muldi3(uint64_t a, uint64_t b)
{
    uint32_t al = (uint32_t)a, ah = (uint32_t)(a >> 32), bl = (uint32_t)b, bh = (uint32_t)(b >> 32);
    uint32_t lo = al * bl;
    uint32_t hi = (uint32_t)(((uint64_t)al * bl) >> 32) + al * bh + ah * bl;
    return ((uint64_t)hi << 32) | lo;
}

/* Shift-subtract long division, one quotient bit per step; division by zero yields all ones like DIVU. */
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
    uint32_t nh = (uint32_t)(n >> 32), nl = (uint32_t)n, dh = (uint32_t)(d >> 32), dl = (uint32_t)d;
    if ((dh | dl) == 0) {
        if (rem) *rem = n;
        return ~(uint64_t)0;
    }
    if (dh == 0 && nh == 0) {
        if (rem) *rem = nl % dl;
        return nl / dl;
    }
    uint32_t qh = 0, ql = 0, rh = 0, rl = 0;
    for (int i = 63; i >= 0; i--) {
        rh = (rh << 1) | (rl >> 31);
        rl = (rl << 1) | ((i >= 32 ? nh >> (i - 32) : nl >> i) & 1u);
        if (rh > dh || (rh == dh && rl >= dl)) {
            uint32_t borrow = rl < dl;
            rl -= dl;
            rh = rh - dh - borrow;
            if (i >= 32) qh |= 1u << (i - 32); else ql |= 1u << i;
        }
    }
    if (rem) *rem = ((uint64_t)rh << 32) | rl;
    return ((uint64_t)qh << 32) | ql;
}

uint64_t __udivdi3(uint64_t a, uint64_t b) { return __udivmoddi4(a, b, 0); }

uint64_t __umoddi3(uint64_t a, uint64_t b)
{
    uint64_t r;
    __udivmoddi4(a, b, &r);
    return r;
}

static uint64_t neg(uint64_t v) { return ~v + 1; }

int64_t __divdi3(int64_t a, int64_t b)
{
    uint64_t ua = a < 0 ? neg((uint64_t)a) : (uint64_t)a, ub = b < 0 ? neg((uint64_t)b) : (uint64_t)b;
    uint64_t q = __udivmoddi4(ua, ub, 0);
    return (int64_t)(((a < 0) != (b < 0)) ? neg(q) : q);
}

int64_t __moddi3(int64_t a, int64_t b)
{
    uint64_t ua = a < 0 ? neg((uint64_t)a) : (uint64_t)a, ub = b < 0 ? neg((uint64_t)b) : (uint64_t)b, r;
    __udivmoddi4(ua, ub, &r);
    return (int64_t)(a < 0 ? neg(r) : r);
}

uint64_t __ashldi3(uint64_t a, int s)
{
    uint32_t lo = (uint32_t)a, hi = (uint32_t)(a >> 32);
    if (s & 32) { hi = lo << (s & 31); lo = 0; }
    else if (s) { hi = (hi << s) | (lo >> (32 - s)); lo <<= s; }
    return ((uint64_t)hi << 32) | lo;
}

uint64_t __lshrdi3(uint64_t a, int s)
{
    uint32_t lo = (uint32_t)a, hi = (uint32_t)(a >> 32);
    if (s & 32) { lo = hi >> (s & 31); hi = 0; }
    else if (s) { lo = (lo >> s) | (hi << (32 - s)); hi >>= s; }
    return ((uint64_t)hi << 32) | lo;
}

int64_t __ashrdi3(int64_t a, int s)
{
    uint32_t lo = (uint32_t)a;
    int32_t hi = (int32_t)((uint64_t)a >> 32);
    if (s & 32) { lo = (uint32_t)(hi >> (s & 31)); hi = hi >> 31; }
    else if (s) { lo = (lo >> s) | ((uint32_t)hi << (32 - s)); hi >>= s; }
    return (int64_t)(((uint64_t)(uint32_t)hi << 32) | lo);
}
