/* price-threshold: automation that calls onPriceCross(uint256 block, bool above, uint256 reserve0, uint256 reserve1)
 * on the destination contract when the pool's price reserve1/reserve0 ends the block on the other side of
 * THRESHOLD than it started (the starting reserves are the pool's slot 8 before the block).
 * Output: the calldata (4 + 4*32 bytes), or nothing when there is no crossing. */
#include "zkgraph.h"

static const char POOL[] = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
#define THRESHOLD 2000u /* token1 per token0 */

/* above <=> reserve1 >= reserve0 * THRESHOLD; reserves are up to 112 bits, so compare in 256 bits. */
static int is_above(const zk_u256 *r0, const zk_u256 *r1)
{
    zk_u256 t, scaled;
    zk_u256_from_u64(&t, THRESHOLD);
    zk_u256_mul(&scaled, r0, &t);
    return zk_u256_cmp(r1, &scaled) >= 0;
}

static void mask112(zk_u256 *v)
{
    v->limb[3] &= 0xffffu;
    for (int i = 4; i < 8; i++) v->limb[i] = 0;
}

/* Splits the packed slot value into its two 112-bit reserves. */
static void unpack_slot(const uint8_t be[32], zk_u256 *r0, zk_u256 *r1)
{
    zk_u256 v;
    zk_u256_from_be(&v, be);
    *r0 = v;
    mask112(r0);
    /* shift right by 112 = 3 limbs + 16 bits */
    zk_u256_zero(r1);
    for (int i = 0; i < 5; i++) r1->limb[i] = (v.limb[i + 3] >> 16) | (i + 4 < 8 ? v.limb[i + 4] << 16 : 0);
    mask112(r1);
}

int main(void)
{
    const zk_block *block = zk_block_header();
    if (!block) return 1;
    uint8_t pool[20], sync[32], slot8[32] = {0};
    zk_address_from_hex(POOL, pool);
    zk_event_topic("Sync(uint112,uint112)", sync);
    slot8[31] = 8;

    zk_u256 r0, r1;
    int found = 0;
    for (uint32_t i = 0; i < zk_slot_count(); i++) {
        const zk_slot *s = zk_slot_at(i);
        if (zk_address_eq(s->address, pool) && memcmp(s->slot, slot8, 32) == 0) {
            unpack_slot(s->value, &r0, &r1);
            found = 1;
        }
    }
    if (!found) return 3;
    int start = is_above(&r0, &r1);

    for (uint32_t i = 0; i < zk_log_count(); i++) {
        const zk_log *log = zk_log_at(i);
        if (!zk_log_is(log, pool, sync)) continue;
        if (!zk_abi_u256(log, 0, &r0) || !zk_abi_u256(log, 1, &r1)) return 4;
    }
    int end = is_above(&r0, &r1);
    if (start == end) return 0;

    uint8_t calldata[4 + 4 * 32] = {0}, selector[32];
    zk_event_topic("onPriceCross(uint256,bool,uint256,uint256)", selector);
    memcpy(calldata, selector, 4);
    zk_u64_to_be(block->number, calldata + 4 + 24);
    calldata[4 + 32 + 31] = (uint8_t)end;
    zk_u256_to_be(&r0, calldata + 4 + 64);
    zk_u256_to_be(&r1, calldata + 4 + 96);
    zk_output(calldata, sizeof calldata);
    return 0;
}
