/* Addresses, event topics and ABI-encoded event data. */
#include "zkgraph.h"

int zk_address_eq(const uint8_t a[20], const uint8_t b[20]) { return memcmp(a, b, 20) == 0; }

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int zk_address_from_hex(const char *hex, uint8_t out[20])
{
    if (hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X') || strlen(hex) != 42) return 0;
    for (int i = 0; i < 20; i++) {
        int hi = hexval(hex[2 + 2 * i]), lo = hexval(hex[3 + 2 * i]);
        if (hi < 0 || lo < 0) return 0;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 1;
}

const uint8_t *zk_topic_address(const uint8_t topic[32]) { return topic + 12; }

void zk_event_topic(const char *signature, uint8_t out[32]) { zk_keccak256(signature, (uint32_t)strlen(signature), out); }

int zk_log_is(const zk_log *log, const uint8_t address[20], const uint8_t topic0[32])
{
    if (address && !zk_address_eq(log->address, address)) return 0;
    if (topic0 && (log->topic_count == 0 || memcmp(log->topics[0], topic0, 32) != 0)) return 0;
    return 1;
}

const uint8_t *zk_abi_word(const zk_log *log, uint32_t index)
{
    if (index >= log->data_len / 32) return NULL;
    return log->data + 32 * index;
}

int zk_abi_u256(const zk_log *log, uint32_t index, zk_u256 *out)
{
    const uint8_t *w = zk_abi_word(log, index);
    if (!w) return 0;
    zk_u256_from_be(out, w);
    return 1;
}

const uint8_t *zk_abi_address(const zk_log *log, uint32_t index)
{
    const uint8_t *w = zk_abi_word(log, index);
    if (!w) return NULL;
    for (int i = 0; i < 12; i++)
        if (w[i]) return NULL;
    return w + 12;
}

int zk_abi_bytes(const zk_log *log, uint32_t index, zk_bytes *out)
{
    const uint8_t *w = zk_abi_word(log, index);
    if (!w) return 0;
    for (int i = 0; i < 28; i++)
        if (w[i]) return 0;
    uint32_t off = (uint32_t)zk_be_to_u64(w + 28, 4);
    if (off % 32 != 0 || off > log->data_len || log->data_len - off < 32) return 0;
    const uint8_t *lw = log->data + off;
    for (int i = 0; i < 28; i++)
        if (lw[i]) return 0;
    uint32_t len = (uint32_t)zk_be_to_u64(lw + 28, 4);
    if (len > log->data_len - off - 32) return 0;
    out->ptr = lw + 32;
    out->len = len;
    return 1;
}
