/* Arm semihosting for the QEMU test images: text to the host's console and
 * an exit code for the host, through `bkpt 0xab`. Built only with
 * SPUD_SEMIHOSTING=ON: on a board without a debugger attached the
 * breakpoint is a fault, so hardware builds leave it out. */
#ifndef SPUD_PLATFORMS_CORTEX_M_SEMIHOSTING_H_
#define SPUD_PLATFORMS_CORTEX_M_SEMIHOSTING_H_

#ifdef __cplusplus
extern "C" {
#endif

/* Writes a NUL-terminated string (SYS_WRITE0). */
void spud_semihost_write(const char* text);

/* Ends the program with `code` as the host process's exit status
 * (SYS_EXIT_EXTENDED; SYS_EXIT, which carries only success or failure,
 * if the host does not take the extended call). */
void spud_semihost_exit(int code) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif /* SPUD_PLATFORMS_CORTEX_M_SEMIHOSTING_H_ */
