/* Reset handling for the Cortex-M test programs: turn the FPU (and on
 * Armv8.1-M, MVE, which shares its enable bits) on, copy .data from flash,
 * clear .bss, call main. No C++ constructors run: spud has no static
 * initializers. With SPUD_SEMIHOSTING main's result becomes the host's exit
 * status and a fault is reported and ends the program with status 3 (a
 * QEMU test then fails instead of hanging); without it the core waits. */
#include <stdint.h>

#if SPUD_SEMIHOSTING
#include "semihosting.h"
#endif

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void) {
  /* CPACR: full access to coprocessors 10 and 11 (the FPU), before any
   * floating-point instruction runs. */
  *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
  __asm volatile("dsb\n isb" ::: "memory");
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t* dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  const int status = main();
#if SPUD_SEMIHOSTING
  spud_semihost_exit(status);
#else
  (void)status;
  for (;;) {
  }
#endif
}

static void Default_Handler(void) {
#if SPUD_SEMIHOSTING
  uint32_t ipsr;
  __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
  static const char* const kNames[] = {"?", "reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault"};
  spud_semihost_write("spud firmware: fault: ");
  spud_semihost_write((ipsr & 0x1FFu) < 7 ? kNames[ipsr & 0x1FFu] : "an interrupt with no handler");
  spud_semihost_write(" (an undersized stack, or a bug)\n");
  spud_semihost_exit(3);
#else
  for (;;) {
  }
#endif
}

/* Initial stack pointer, then the reset, NMI, HardFault, MemManage, BusFault
 * and UsageFault handlers. */
__attribute__((section(".isr_vector"), used)) void (*const vector_table[])(void) = {
    (void (*)(void))&_estack, Reset_Handler,   Default_Handler, Default_Handler,
    Default_Handler,          Default_Handler, Default_Handler,
};
