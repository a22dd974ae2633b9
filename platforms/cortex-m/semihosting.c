/* Semihosting calls (see semihosting.h): the operation in r0, its argument
 * in r1, the result back in r0. */
#include "semihosting.h"

#include <stdint.h>

enum {
  kSysWrite0 = 0x04,
  kSysExit = 0x18,
  kSysExitExtended = 0x20,
  kAdpStoppedApplicationExit = 0x20026,
  kAdpStoppedRunTimeErrorUnknown = 0x20023,
};

static uintptr_t semihost_call(uintptr_t op, uintptr_t arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register uintptr_t r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void spud_semihost_write(const char* text) { semihost_call(kSysWrite0, (uintptr_t)text); }

void spud_semihost_exit(int code) {
  const uint32_t block[2] = {kAdpStoppedApplicationExit, (uint32_t)code};
  semihost_call(kSysExitExtended, (uintptr_t)block);
  /* On 32-bit Arm, SYS_EXIT takes the reason itself, not a block. */
  semihost_call(kSysExit, code == 0 ? kAdpStoppedApplicationExit : kAdpStoppedRunTimeErrorUnknown);
  for (;;) {
  }
}
