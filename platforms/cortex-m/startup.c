/* Reset handling for the Cortex-M4F test program: turn the FPU on, copy
 * .data from flash, clear .bss, call main, then wait. No C++ constructors
 * run: spud has no static initializers. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void) {
  /* CPACR: full access to coprocessors 10 and 11 (the FPU), before any
   * floating-point instruction runs. */
  *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
  __asm volatile("dsb\n isb" ::: "memory");
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  main();
  for (;;) {
  }
}

static void Default_Handler(void) {
  for (;;) {
  }
}

/* Initial stack pointer, then the reset, NMI, HardFault, MemManage, BusFault
 * and UsageFault handlers. */
__attribute__((section(".isr_vector"), used)) void (*const vector_table[])(void) = {
    (void (*)(void))&_estack, Reset_Handler,   Default_Handler, Default_Handler,
    Default_Handler,          Default_Handler, Default_Handler,
};
