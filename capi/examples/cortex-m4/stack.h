/* Stack measurement for the Cortex-M4 examples: paint the unused stack (below the caller's
 * frame) with a pattern, run, and find the deepest word overwritten. _stack_limit is link.ld's. */
#ifndef JWTV_EXAMPLE_STACK_H
#define JWTV_EXAMPLE_STACK_H

#include <stdint.h>

extern uint32_t _stack_limit;
#define STACK_PAINT 0xA5A5A5A5u
static uint32_t *stack_painted_top;

static void stack_paint(void) {
    uint32_t *sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    stack_painted_top = sp - 64; /* below this function's own frame */
    for (uint32_t *p = &_stack_limit; p < stack_painted_top; p++) *p = STACK_PAINT;
}

static unsigned stack_used(void) {
    uint32_t *p = &_stack_limit;
    while (p < stack_painted_top && *p == STACK_PAINT) p++;
    return (unsigned)((char *)stack_painted_top - (char *)p);
}

#endif /* JWTV_EXAMPLE_STACK_H */
