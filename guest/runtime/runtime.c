/* The zkGraph runtime: start-up, system calls, memory, and the tick-input index. */
#include "zkgraph.h"
#include "syscall.h"

extern char _end[];
int main(void);

static uint32_t heap_next;

void *zk_alloc(uint32_t size)
{
    if (heap_next == 0)
        heap_next = ((uint32_t)(uintptr_t)_end + 7u) & ~7u;
    uint32_t p = heap_next;
    if (size > ZK_HEAP_END - p)
        zk_exit(ZK_EXIT_OUT_OF_MEMORY);
    heap_next = (p + size + 7u) & ~7u;
    return (void *)(uintptr_t)p;
}

void zk_output(const void *data, uint32_t len) { zk_ecall(ZK_SYS_WRITE_OUTPUT, (uint32_t)(uintptr_t)data, len, 0); }

void zk_keccak256(const void *data, uint32_t len, uint8_t out[32])
{
    zk_ecall(ZK_SYS_KECCAK256, (uint32_t)(uintptr_t)data, len, (uint32_t)(uintptr_t)out);
}

void zk_debug(const char *text) { zk_ecall(ZK_SYS_DEBUG_PRINT, (uint32_t)(uintptr_t)text, (uint32_t)strlen(text), 0); }

void zk_debug_bytes(const char *label, const void *data, uint32_t len)
{
    static const char hex[] = "0123456789abcdef";
    uint32_t n = (uint32_t)strlen(label);
    char *buf = zk_alloc(n + 4 + 2 * len);
    memcpy(buf, label, n);
    buf[n++] = ' '; buf[n++] = '0'; buf[n++] = 'x';
    const uint8_t *b = data;
    for (uint32_t i = 0; i < len; i++) { buf[n++] = hex[b[i] >> 4]; buf[n++] = hex[b[i] & 15]; }
    buf[n++] = '\n';
    zk_ecall(ZK_SYS_DEBUG_PRINT, (uint32_t)(uintptr_t)buf, n, 0);
}

void zk_exit(int code)
{
    zk_ecall(ZK_SYS_EXIT, (uint32_t)code, 0, 0);
    for (;;) { }
}

void zk_panic(const char *message)
{
    zk_debug("panic: ");
    zk_debug(message);
    zk_debug("\n");
    zk_exit(ZK_EXIT_PANIC);
}

/* ---- freestanding C library pieces clang may call ---- */
void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        for (; n >= 4; n -= 4, d += 4, s += 4) *(uint32_t *)d = *(const uint32_t *)s;
    }
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d == s || n == 0) return dst;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    while (n--) d[n] = s[n];
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    uint32_t w = (uint8_t)c * 0x01010101u;
    while (n && ((uintptr_t)d & 3)) { *d++ = (uint8_t)c; n--; }
    for (; n >= 4; n -= 4, d += 4) *(uint32_t *)d = w;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

/* ---- the tick input index ---- */
static const uint8_t *input;
static uint32_t input_len;
static zk_log *logs;
static zk_slot *slots;
static zk_blob *blobs;
static zk_receipt_proof *proofs;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24); }

/* Bounds-checked cursor over the input; any overrun is a malformed input. */
static uint32_t take(uint32_t *pos, uint32_t n)
{
    uint32_t at = *pos;
    if (n > input_len - at) zk_exit(ZK_EXIT_BAD_INPUT);
    *pos = at + ((n + 3u) & ~3u);
    if (*pos > input_len) zk_exit(ZK_EXIT_BAD_INPUT);
    return at;
}

static void index_input(void)
{
    const zk_block *h = (const zk_block *)input;
    if (input_len < sizeof(zk_block) || h->magic != ZK_INPUT_MAGIC || h->version != ZK_INPUT_VERSION)
        zk_exit(ZK_EXIT_BAD_INPUT);
    uint32_t pos = sizeof(zk_block);
    logs = zk_alloc(h->log_count * sizeof(zk_log));
    for (uint32_t i = 0; i < h->log_count; i++) {
        uint32_t at = take(&pos, 36);
        zk_log *l = &logs[i];
        l->receipt_index = rd32(input + at);
        l->log_index = rd32(input + at + 4);
        l->address = input + at + 8;
        l->topic_count = rd32(input + at + 28);
        l->data_len = rd32(input + at + 32);
        if (l->topic_count > 4) zk_exit(ZK_EXIT_BAD_INPUT);
        l->topics = (const uint8_t(*)[32])(input + take(&pos, 32 * l->topic_count));
        l->data = input + take(&pos, l->data_len);
    }
    slots = zk_alloc(h->slot_count * sizeof(zk_slot));
    for (uint32_t i = 0; i < h->slot_count; i++) {
        uint32_t at = take(&pos, 84);
        slots[i].address = input + at;
        slots[i].slot = input + at + 20;
        slots[i].value = input + at + 52;
    }
    blobs = zk_alloc(h->blob_count * sizeof(zk_blob));
    for (uint32_t i = 0; i < h->blob_count; i++) {
        uint32_t len = rd32(input + take(&pos, 4));
        blobs[i].len = len;
        blobs[i].ptr = input + take(&pos, len);
    }
    proofs = zk_alloc(h->proof_count * sizeof(zk_receipt_proof));
    for (uint32_t i = 0; i < h->proof_count; i++) {
        uint32_t at = take(&pos, 8);
        proofs[i].receipt_index = rd32(input + at);
        uint32_t count = rd32(input + at + 4);
        if (count > input_len / 4) zk_exit(ZK_EXIT_BAD_INPUT);
        zk_bytes *nodes = zk_alloc(count * sizeof(zk_bytes));
        for (uint32_t j = 0; j < count; j++) {
            uint32_t len = rd32(input + take(&pos, 4));
            nodes[j].len = len;
            nodes[j].ptr = input + take(&pos, len);
        }
        proofs[i].node_count = count;
        proofs[i].nodes = nodes;
    }
    if (pos != input_len) zk_exit(ZK_EXIT_BAD_INPUT);
}

const zk_block *zk_block_header(void) { return input_len ? (const zk_block *)input : NULL; }
uint32_t zk_log_count(void) { return input_len ? ((const zk_block *)input)->log_count : 0; }
const zk_log *zk_log_at(uint32_t i) { return i < zk_log_count() ? &logs[i] : NULL; }
uint32_t zk_slot_count(void) { return input_len ? ((const zk_block *)input)->slot_count : 0; }
const zk_slot *zk_slot_at(uint32_t i) { return i < zk_slot_count() ? &slots[i] : NULL; }
uint32_t zk_blob_count(void) { return input_len ? ((const zk_block *)input)->blob_count : 0; }
const zk_blob *zk_blob_at(uint32_t i) { return i < zk_blob_count() ? &blobs[i] : NULL; }
uint32_t zk_proof_count(void) { return input_len ? ((const zk_block *)input)->proof_count : 0; }
const zk_receipt_proof *zk_proof_at(uint32_t i) { return i < zk_proof_count() ? &proofs[i] : NULL; }
const uint8_t *zk_input(void) { return input; }
uint32_t zk_input_len(void) { return input_len; }

__attribute__((noreturn)) void __zk_start(void)
{
    input_len = zk_ecall(ZK_SYS_INPUT_LENGTH, 0, 0, 0);
    uint8_t *buf = zk_alloc(input_len);
    for (uint32_t got = 0; got < input_len;) {
        uint32_t n = zk_ecall(ZK_SYS_READ_INPUT, (uint32_t)(uintptr_t)(buf + got), input_len - got, 0);
        if (n == 0) zk_exit(ZK_EXIT_BAD_INPUT);
        got += n;
    }
    input = buf;
    if (input_len) index_input();
    zk_exit(main());
}
