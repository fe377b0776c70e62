/* erc20-volume: the ERC-20 transfer volume of one token per block.
 * Output (44 bytes): block number (u64 BE) || transfer count (u32 BE) || volume (uint256 BE, mod 2^256). */
#include "zkgraph.h"

static const char TOKEN[] = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

int main(void)
{
    const zk_block *block = zk_block_header();
    if (!block) return 1;
    uint8_t token[20], transfer[32];
    if (!zk_address_from_hex(TOKEN, token)) return 2;
    zk_event_topic("Transfer(address,address,uint256)", transfer);

    zk_u256 volume, amount;
    zk_u256_zero(&volume);
    uint32_t count = 0;
    for (uint32_t i = 0; i < zk_log_count(); i++) {
        const zk_log *log = zk_log_at(i);
        /* ERC-721 also emits Transfer with the id indexed (4 topics): only 3-topic logs are ERC-20 transfers. */
        if (!zk_log_is(log, token, transfer) || log->topic_count != 3) continue;
        if (!zk_abi_u256(log, 0, &amount)) continue;
        zk_u256_add(&volume, &volume, &amount);
        count++;
    }

    uint8_t out[44];
    zk_u64_to_be(block->number, out);
    zk_u32_to_be(count, out + 8);
    zk_u256_to_be(&volume, out + 12);
    zk_output(out, sizeof out);
    return 0;
}
