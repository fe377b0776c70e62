# Entry point of every zkGraph: set up the stack at the top of memory (the executor also sets sp there,
# this keeps the program correct under any loader) and hand over to C.
    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    li sp, 0x01000000          # ZK_MEMORY_TOP
    call __zk_start            # never returns: exits with main's return value
1:  j 1b
    .size _start, . - _start
