/* uint256 arithmetic on eight 32-bit limbs (least significant first) and byte-order helpers. */
#include "zkgraph.h"

void zk_u256_zero(zk_u256 *r) { for (int i = 0; i < 8; i++) r->limb[i] = 0; }

void zk_u256_from_u64(zk_u256 *r, uint64_t v)
{
    zk_u256_zero(r);
    r->limb[0] = (uint32_t)v;
    r->limb[1] = (uint32_t)(v >> 32);
}

void zk_u256_from_be(zk_u256 *r, const uint8_t be[32])
{
    for (int i = 0; i < 8; i++) {
        const uint8_t *p = be + 28 - 4 * i;
        r->limb[i] = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
    }
}

void zk_u256_to_be(const zk_u256 *a, uint8_t be[32])
{
    for (int i = 0; i < 8; i++) zk_u32_to_be(a->limb[i], be + 28 - 4 * i);
}

int zk_u256_is_zero(const zk_u256 *a)
{
    uint32_t acc = 0;
    for (int i = 0; i < 8; i++) acc |= a->limb[i];
    return acc == 0;
}

int zk_u256_cmp(const zk_u256 *a, const zk_u256 *b)
{
    for (int i = 7; i >= 0; i--)
        if (a->limb[i] != b->limb[i]) return a->limb[i] < b->limb[i] ? -1 : 1;
    return 0;
}

uint32_t zk_u256_add(zk_u256 *r, const zk_u256 *a, const zk_u256 *b)
{
    uint64_t carry = 0;
    for (int i = 0; i < 8; i++) {
        carry += (uint64_t)a->limb[i] + b->limb[i];
        r->limb[i] = (uint32_t)carry;
        carry >>= 32;
    }
    return (uint32_t)carry;
}

uint32_t zk_u256_sub(zk_u256 *r, const zk_u256 *a, const zk_u256 *b)
{
    uint32_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t d = (uint64_t)a->limb[i] - b->limb[i] - borrow;
        r->limb[i] = (uint32_t)d;
        borrow = (uint32_t)(d >> 63);
    }
    return borrow;
}

void zk_u256_mul(zk_u256 *r, const zk_u256 *a, const zk_u256 *b)
{
    uint32_t out[8] = {0};
    for (int i = 0; i < 8; i++) {
        uint64_t carry = 0;
        for (int j = 0; i + j < 8; j++) {
            uint64_t t = (uint64_t)a->limb[i] * b->limb[j] + out[i + j] + carry;
            out[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
    }
    for (int i = 0; i < 8; i++) r->limb[i] = out[i];
}

int zk_u256_to_u64(const zk_u256 *a, uint64_t *out)
{
    *out = ((uint64_t)a->limb[1] << 32) | a->limb[0];
    for (int i = 2; i < 8; i++)
        if (a->limb[i]) return 0;
    return 1;
}

void zk_u32_to_be(uint32_t v, uint8_t out[4])
{
    out[0] = (uint8_t)(v >> 24); out[1] = (uint8_t)(v >> 16); out[2] = (uint8_t)(v >> 8); out[3] = (uint8_t)v;
}

void zk_u64_to_be(uint64_t v, uint8_t out[8])
{
    zk_u32_to_be((uint32_t)(v >> 32), out);
    zk_u32_to_be((uint32_t)v, out + 4);
}

uint64_t zk_be_to_u64(const uint8_t *be, uint32_t len)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < len; i++) v = (v << 8) | be[i];
    return v;
}
