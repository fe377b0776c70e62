/* zkml-mlp: a fixed-point (Q8.8) two-layer perceptron that classifies each block from four features;
 * the weights come from blob 0 so the model can change without rebuilding the program.
 * Blob layout (little-endian): "MLP1" | u32 n_in (=4) | u32 n_hidden | u32 n_out |
 *   i16 w1[n_hidden][n_in] | i32 b1[n_hidden] | i16 w2[n_out][n_hidden] | i32 b2[n_out]   (all Q8.8)
 * Features (Q8.8): gas used / gas limit, log count, base fee in gwei (capped at 1000), hour phase of the timestamp.
 * Output: keccak256(blob) (32) || class (1) || logits (i32 BE each). Exit 2 when the blob is malformed. */
#include "zkgraph.h"

#define N_IN 4
#define MAX_HIDDEN 64
#define MAX_OUT 16

static int32_t rd_i32(const uint8_t *p) { return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24); }
static int16_t rd_i16(const uint8_t *p) { return (int16_t)(p[0] | p[1] << 8); }

int main(void)
{
    const zk_block *block = zk_block_header();
    if (!block || zk_blob_count() < 1) return 1;
    const zk_blob *blob = zk_blob_at(0);
    const uint8_t *w = blob->ptr;
    if (blob->len < 16 || memcmp(w, "MLP1", 4) != 0) return 2;
    uint32_t n_in = (uint32_t)rd_i32(w + 4), n_hidden = (uint32_t)rd_i32(w + 8), n_out = (uint32_t)rd_i32(w + 12);
    if (n_in != N_IN || n_hidden == 0 || n_hidden > MAX_HIDDEN || n_out == 0 || n_out > MAX_OUT) return 2;
    uint32_t need = 16 + 2 * n_hidden * n_in + 4 * n_hidden + 2 * n_out * n_hidden + 4 * n_out;
    if (blob->len != need) return 2;
    const uint8_t *w1 = w + 16, *b1 = w1 + 2 * n_hidden * n_in, *w2 = b1 + 4 * n_hidden, *b2 = w2 + 2 * n_out * n_hidden;

    int32_t x[N_IN];
    x[0] = block->gas_limit ? (int32_t)((block->gas_used << 8) / block->gas_limit) : 0;
    x[1] = (int32_t)(zk_log_count() << 8);
    zk_u256 fee;
    uint64_t wei;
    zk_u256_from_be(&fee, block->base_fee);
    uint64_t gwei = zk_u256_to_u64(&fee, &wei) ? wei / 1000000000ull : 1000;
    x[2] = (int32_t)((gwei > 1000 ? 1000 : gwei) << 8);
    x[3] = (int32_t)(((block->timestamp % 3600u) << 8) / 3600u);

    int32_t h[MAX_HIDDEN];
    for (uint32_t j = 0; j < n_hidden; j++) {
        int64_t acc = (int64_t)rd_i32(b1 + 4 * j) * 256; /* bias to Q16.16 (multiply: shifting a negative is UB) */
        for (uint32_t i = 0; i < N_IN; i++) acc += (int64_t)rd_i16(w1 + 2 * (j * N_IN + i)) * x[i];
        int64_t v = acc >> 8; /* back to Q8.8 (arithmetic shift: floor) */
        h[j] = v > 0 ? (v > 0x7fffffff ? 0x7fffffff : (int32_t)v) : 0; /* ReLU, saturating */
    }
    int32_t logits[MAX_OUT];
    uint32_t best = 0;
    for (uint32_t k = 0; k < n_out; k++) {
        int64_t acc = (int64_t)rd_i32(b2 + 4 * k) * 256;
        for (uint32_t j = 0; j < n_hidden; j++) acc += (int64_t)rd_i16(w2 + 2 * (k * n_hidden + j)) * h[j];
        int64_t v = acc >> 8;
        logits[k] = v > 0x7fffffff ? 0x7fffffff : v < -0x7fffffff - 1 ? -0x7fffffff - 1 : (int32_t)v;
        if (logits[k] > logits[best]) best = k;
    }

    uint8_t out[32 + 1 + 4 * MAX_OUT];
    zk_keccak256(blob->ptr, blob->len, out);
    out[32] = (uint8_t)best;
    for (uint32_t k = 0; k < n_out; k++) zk_u32_to_be((uint32_t)logits[k], out + 33 + 4 * k);
    zk_output(out, 33 + 4 * n_out);
    return 0;
}
