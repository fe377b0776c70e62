/* zkgraph.h: the zkGraph guest SDK for the wsc RV32IM zkVM.
 *
 * A zkGraph is a C program built with
 *   clang --target=riscv32 -march=rv32im -mabi=ilp32 -nostdlib -ffreestanding -mno-relax
 * and linked by ld.lld with guest/link.ld and the runtime in guest/runtime (`wsc zkgraph build DIR` does this).
 * The runtime's _start reads the tick input (docs/zkgraph-input.md), then calls `int main(void)`; main's
 * return value is the exit code (0 = success). Output bytes written with zk_output() form the journal that
 * the receipt makes public.
 */
#ifndef ZKGRAPH_H
#define ZKGRAPH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ABI constants (must match Wsc.Zk.Vm.Syscalls and VmLayout) ---- */
#define ZK_SYS_EXIT 93u
#define ZK_SYS_READ_INPUT 0x100u
#define ZK_SYS_INPUT_LENGTH 0x101u
#define ZK_SYS_WRITE_OUTPUT 0x102u
#define ZK_SYS_KECCAK256 0x103u
#define ZK_SYS_DEBUG_PRINT 0x104u
#define ZK_MEMORY_TOP 0x01000000u
#define ZK_STACK_BYTES 0x00100000u
#define ZK_HEAP_END (ZK_MEMORY_TOP - ZK_STACK_BYTES - 0x10000u)

/* Exit codes used by the runtime itself. */
#define ZK_EXIT_PANIC 101
#define ZK_EXIT_BAD_INPUT 102
#define ZK_EXIT_OUT_OF_MEMORY 103

/* ---- the tick input (docs/zkgraph-input.md), version 1 ---- */
#define ZK_INPUT_MAGIC 0x54435357u /* "WSCT" little-endian */
#define ZK_INPUT_VERSION 1u

/** The block header fields of the tick; laid out exactly as the first 256 bytes of the input. */
typedef struct zk_block {
    uint32_t magic;
    uint32_t version;
    uint64_t chain_id;
    uint64_t number;
    uint64_t timestamp;
    uint64_t gas_limit;
    uint64_t gas_used;
    uint8_t base_fee[32];      /* uint256, big-endian (0 before London) */
    uint8_t hash[32];
    uint8_t parent_hash[32];
    uint8_t state_root[32];
    uint8_t receipts_root[32];
    uint8_t coinbase[20];
    uint32_t log_count;
    uint32_t slot_count;
    uint32_t blob_count;
    uint32_t proof_count;
    uint32_t reserved[3];
} zk_block;
_Static_assert(sizeof(zk_block) == 256, "zk_block must match the 256-byte input header");

/** A matched event log. Pointers point into the input buffer (read-only by convention). */
typedef struct zk_log {
    uint32_t receipt_index;    /* index of the transaction receipt in the block */
    uint32_t log_index;        /* index of the log in the block */
    const uint8_t *address;    /* 20 bytes */
    uint32_t topic_count;      /* 0..4 */
    const uint8_t (*topics)[32];
    const uint8_t *data;       /* ABI-encoded non-indexed arguments */
    uint32_t data_len;
} zk_log;

/** A storage slot value before the tick's block (eth_getProof at the parent block; see docs/zkgraph-input.md). */
typedef struct zk_slot {
    const uint8_t *address;    /* 20 bytes */
    const uint8_t *slot;       /* 32 bytes, big-endian key */
    const uint8_t *value;      /* 32 bytes, big-endian value */
} zk_slot;

/** A byte string inside the input. */
typedef struct zk_bytes {
    const uint8_t *ptr;
    uint32_t len;
} zk_bytes;

/** A blob from the storage network (in manifest order). */
typedef zk_bytes zk_blob;

/** A Merkle-Patricia proof of one receipt against the header's receipts_root (root node first). */
typedef struct zk_receipt_proof {
    uint32_t receipt_index;
    uint32_t node_count;
    const zk_bytes *nodes;
} zk_receipt_proof;

/** The tick's header, or NULL when the input is empty (bare runs). */
const zk_block *zk_block_header(void);
uint32_t zk_log_count(void);
const zk_log *zk_log_at(uint32_t i);
uint32_t zk_slot_count(void);
const zk_slot *zk_slot_at(uint32_t i);
uint32_t zk_blob_count(void);
const zk_blob *zk_blob_at(uint32_t i);
uint32_t zk_proof_count(void);
const zk_receipt_proof *zk_proof_at(uint32_t i);
/** The raw input bytes (8-byte aligned) and their length. */
const uint8_t *zk_input(void);
uint32_t zk_input_len(void);

/* ---- system calls ---- */
void zk_output(const void *data, uint32_t len);
void zk_keccak256(const void *data, uint32_t len, uint8_t out[32]);
void zk_debug(const char *text);
void zk_debug_bytes(const char *label, const void *data, uint32_t len);
__attribute__((noreturn)) void zk_exit(int code);
__attribute__((noreturn)) void zk_panic(const char *message);

/* ---- memory ---- */
/** Bump allocation, 8-byte aligned, never freed; panics with ZK_EXIT_OUT_OF_MEMORY past ZK_HEAP_END. */
void *zk_alloc(uint32_t size);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* ---- uint256: eight 32-bit limbs, least significant first ---- */
typedef struct zk_u256 {
    uint32_t limb[8];
} zk_u256;

void zk_u256_zero(zk_u256 *r);
void zk_u256_from_u64(zk_u256 *r, uint64_t v);
void zk_u256_from_be(zk_u256 *r, const uint8_t be[32]);
void zk_u256_to_be(const zk_u256 *a, uint8_t be[32]);
int zk_u256_is_zero(const zk_u256 *a);
/** -1, 0 or 1. */
int zk_u256_cmp(const zk_u256 *a, const zk_u256 *b);
/** r = a + b mod 2^256; returns the carry out. r may alias a or b. */
uint32_t zk_u256_add(zk_u256 *r, const zk_u256 *a, const zk_u256 *b);
/** r = a - b mod 2^256; returns the borrow out. */
uint32_t zk_u256_sub(zk_u256 *r, const zk_u256 *a, const zk_u256 *b);
/** r = a * b mod 2^256. */
void zk_u256_mul(zk_u256 *r, const zk_u256 *a, const zk_u256 *b);
/** True when a fits in 64 bits; *out receives the low 64 bits. */
int zk_u256_to_u64(const zk_u256 *a, uint64_t *out);

/* ---- addresses, topics and ABI-encoded event data ---- */
int zk_address_eq(const uint8_t a[20], const uint8_t b[20]);
/** Parses "0x" + 40 hex digits; returns 0 on malformed text. */
int zk_address_from_hex(const char *hex, uint8_t out[20]);
/** The address held in an indexed address topic (its last 20 bytes). */
const uint8_t *zk_topic_address(const uint8_t topic[32]);
/** topic0 of an event: keccak256 of its canonical signature, e.g. "Transfer(address,address,uint256)". */
void zk_event_topic(const char *signature, uint8_t out[32]);
/** True when the log was emitted by `address` (NULL: any) and its topic0 is `topic0` (NULL: any). */
int zk_log_is(const zk_log *log, const uint8_t address[20], const uint8_t topic0[32]);
/** The index-th 32-byte head word of the log data, or NULL when the data is too short. */
const uint8_t *zk_abi_word(const zk_log *log, uint32_t index);
/** Reads a uint256 (or any uintN) head word; returns 0 when missing. */
int zk_abi_u256(const zk_log *log, uint32_t index, zk_u256 *out);
/** Reads an address head word; returns NULL when missing or when its upper 12 bytes are not zero. */
const uint8_t *zk_abi_address(const zk_log *log, uint32_t index);
/** Reads a dynamic `bytes`/`string` argument whose offset is in head word `index`; returns 0 when malformed. */
int zk_abi_bytes(const zk_log *log, uint32_t index, zk_bytes *out);

/* ---- small helpers ---- */
void zk_u32_to_be(uint32_t v, uint8_t out[4]);
void zk_u64_to_be(uint64_t v, uint8_t out[8]);
uint64_t zk_be_to_u64(const uint8_t *be, uint32_t len);

#ifdef __cplusplus
}
#endif
#endif
