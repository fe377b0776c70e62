/* receipt-proof: checks, inside the guest, every receipt proof of the tick input against the header's
 * receiptsRoot (Merkle-Patricia trie, key rlp(index)), then decodes the receipt and recomputes its logs bloom.
 * Output per proof (49 bytes): receipt index (u32 BE) || status (1) || cumulative gas (u64 BE)
 *   || log count (u32 BE) || keccak256(receipt encoding) (32).
 * Exit codes: 0 ok, 2 proof does not verify, 3 receipt malformed, 4 bloom mismatch. */
#include "zkgraph.h"

typedef struct { const uint8_t *p; uint32_t len; int list; uint32_t total; } item;

/* Decodes the RLP item at the start of [p, p+n); returns 0 when malformed or longer than n. */
static int rlp(const uint8_t *p, uint32_t n, item *it)
{
    if (n == 0) return 0;
    uint8_t b = p[0];
    uint32_t hdr, len;
    if (b < 0x80) { hdr = 0; len = 1; it->list = 0; }
    else if (b <= 0xb7) { hdr = 1; len = b - 0x80u; it->list = 0; }
    else if (b <= 0xbf || (b >= 0xf8)) {
        uint32_t ll = b <= 0xbf ? b - 0xb7u : b - 0xf7u;
        if (ll > 4 || n < 1 + ll) return 0;
        len = 0;
        for (uint32_t i = 0; i < ll; i++) len = (len << 8) | p[1 + i];
        hdr = 1 + ll;
        it->list = b >= 0xf8;
    } else { hdr = 1; len = b - 0xc0u; it->list = 1; }
    if (len > n - hdr) return 0;
    it->p = p + hdr;
    it->len = len;
    it->total = hdr + len;
    return 1;
}

/* Splits a list payload into at most max items; returns the count, or -1 when malformed. */
static int items(const item *list, item *out, int max)
{
    uint32_t off = 0;
    int k = 0;
    while (off < list->len) {
        if (k == max || !rlp(list->p + off, list->len - off, &out[k])) return -1;
        off += out[k++].total;
    }
    return k;
}

/* Walks the proof; on success *value is the leaf value (the receipt encoding). */
static int verify(const uint8_t root[32], const zk_receipt_proof *proof, item *value)
{
    uint8_t key[8], nib[16];
    uint32_t klen, nlen = 0, kpos = 0;
    uint32_t idx = proof->receipt_index;
    /* key = rlp(index) */
    if (idx == 0) { key[0] = 0x80; klen = 1; }
    else if (idx < 0x80) { key[0] = (uint8_t)idx; klen = 1; }
    else {
        uint8_t be[4];
        zk_u32_to_be(idx, be);
        uint32_t skip = 0;
        while (be[skip] == 0) skip++;
        key[0] = (uint8_t)(0x80 + 4 - skip);
        memcpy(key + 1, be + skip, 4 - skip);
        klen = 1 + 4 - skip;
    }
    for (uint32_t i = 0; i < klen; i++) { nib[nlen++] = key[i] >> 4; nib[nlen++] = key[i] & 15; }

    const uint8_t *want = root;      /* hash the next node must have; NULL when the node is embedded */
    const uint8_t *node = 0;
    uint32_t node_len = 0, next = 0;
    for (;;) {
        if (want) {
            if (next >= proof->node_count) return 0;
            node = proof->nodes[next].ptr;
            node_len = proof->nodes[next].len;
            next++;
            uint8_t h[32];
            zk_keccak256(node, node_len, h);
            if (memcmp(h, want, 32) != 0) return 0;
        }
        item n, kids[17];
        if (!rlp(node, node_len, &n) || !n.list || n.total != node_len) return 0;
        int k = items(&n, kids, 17);
        item child;
        if (k == 17) {
            if (kpos == nlen) { *value = kids[16]; return next == proof->node_count && !kids[16].list && kids[16].len > 0; }
            child = kids[nib[kpos++]];
        } else if (k == 2 && !kids[0].list && kids[0].len > 0) {
            uint8_t flag = kids[0].p[0] >> 4;
            if (flag > 3) return 0;
            int leaf = flag >= 2;
            uint32_t plen = (kids[0].len - 1) * 2 + (flag & 1);
            for (uint32_t i = 0; i < plen; i++) {
                uint32_t j = i + ((flag & 1) ? 1 : 2);
                uint8_t x = (j & 1) ? kids[0].p[j / 2] & 15 : kids[0].p[j / 2] >> 4;
                if (kpos >= nlen || nib[kpos++] != x) return 0;
            }
            if (leaf) { *value = kids[1]; return kpos == nlen && next == proof->node_count && !kids[1].list; }
            child = kids[1];
        } else {
            return 0;
        }
        if (child.list) { want = 0; node = child.p - (child.total - child.len); node_len = child.total; }
        else if (child.len == 32) want = child.p;
        else return 0;
    }
}

static void bloom_add(uint8_t bloom[256], const uint8_t *data, uint32_t len)
{
    uint8_t h[32];
    zk_keccak256(data, len, h);
    for (int i = 0; i < 6; i += 2) {
        uint32_t bit = (((uint32_t)h[i] << 8) | h[i + 1]) & 2047u;
        bloom[255 - bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
}

int main(void)
{
    const zk_block *block = zk_block_header();
    if (!block) return 1;
    for (uint32_t i = 0; i < zk_proof_count(); i++) {
        const zk_receipt_proof *proof = zk_proof_at(i);
        item value;
        if (!verify(block->receipts_root, proof, &value)) return 2;
        /* typed receipts (EIP-2718) are a type byte followed by the RLP list */
        const uint8_t *r = value.p;
        uint32_t rlen = value.len;
        if (rlen > 0 && r[0] < 0x7f) { r++; rlen--; }
        item list, f[4];
        if (!rlp(r, rlen, &list) || !list.list || list.total != rlen || items(&list, f, 4) != 4) return 3;
        if (f[0].list || f[0].len > 1 || f[1].list || f[1].len > 8 || f[2].list || f[2].len != 256 || !f[3].list) return 3;
        uint8_t bloom[256] = {0};
        item logs[64];
        int nlogs = items(&f[3], logs, 64);
        if (nlogs < 0) return 3;
        for (int j = 0; j < nlogs; j++) {
            item parts[3], topics[4];
            if (!logs[j].list || items(&logs[j], parts, 3) != 3 || parts[0].len != 20) return 3;
            bloom_add(bloom, parts[0].p, 20);
            int nt = items(&parts[1], topics, 4);
            if (nt < 0) return 3;
            for (int t = 0; t < nt; t++) bloom_add(bloom, topics[t].p, topics[t].len);
        }
        if (memcmp(bloom, f[2].p, 256) != 0) return 4;

        uint8_t out[49];
        zk_u32_to_be(proof->receipt_index, out);
        out[4] = f[0].len ? f[0].p[0] : 0;
        zk_u64_to_be(zk_be_to_u64(f[1].p, f[1].len), out + 5);
        zk_u32_to_be((uint32_t)nlogs, out + 13);
        zk_keccak256(value.p, value.len, out + 17);
        zk_output(out, sizeof out);
    }
    return 0;
}
