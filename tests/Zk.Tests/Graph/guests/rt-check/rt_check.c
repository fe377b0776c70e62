/* Exercises the runtime's 64-bit helpers and libc pieces on vectors from blob 0: pairs of u64 (a, b), little-endian.
 * For each pair writes (BE u64): a*b, a/b, a%b, (i64)a/(i64)b, (i64)a%(i64)b, a<<(b&63), a>>(b&63), (i64)a>>(b&63).
 * Volatile operands keep clang from folding the operations at compile time. */
#include "zkgraph.h"

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

int main(void)
{
    const zk_blob *blob = zk_blob_at(0);
    if (!blob || blob->len % 16) return 1;
    for (uint32_t i = 0; i < blob->len; i += 16) {
        volatile uint64_t a = rd64(blob->ptr + i), b = rd64(blob->ptr + i + 8);
        volatile int s = (int)(b & 63);
        uint64_t r[8];
        r[0] = a * b;
        r[1] = a / b;
        r[2] = a % b;
        r[3] = (uint64_t)((int64_t)a / (int64_t)b);
        r[4] = (uint64_t)((int64_t)a % (int64_t)b);
        r[5] = a << s;
        r[6] = a >> s;
        r[7] = (uint64_t)((int64_t)a >> s);
        uint8_t out[64];
        for (int k = 0; k < 8; k++) zk_u64_to_be(r[k], out + 8 * k);
        zk_output(out, 64);
    }
    /* memmove overlap both ways, memset, memcmp */
    char buf[16] = "abcdefghijklmno";
    memmove(buf + 2, buf, 8);
    memmove(buf, buf + 3, 5);
    memset(buf + 12, 'z', 3);
    zk_output(buf, 15);
    uint8_t cmp = (uint8_t)(memcmp("abc", "abd", 3) + 1);
    zk_output(&cmp, 1);
    return 0;
}
