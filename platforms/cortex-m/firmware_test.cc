// A bare-metal program that runs the embedded model once. The model is
// loaded from flash in place and the session lives in a static buffer of
// SPUD_FIRMWARE_SESSION_BYTES (a cache variable: `spud check model.spud`
// prints what a session needs). With a sample built in
// (SPUD_FIRMWARE_SAMPLE: the inputs' bytes, and output 0 as the host
// computed it) the inputs are that sample and output 0 must match the
// host's within 1e-5 (relative, at least 1e-5 absolute); without one the
// inputs are zeros. The result is left in `spud_firmware_result` (the
// index of output 0's largest value, or a negative spud_status) and is
// the exit status: 0 when the run succeeded and matched, 1 on a mismatch,
// 2 when the model cannot run (too little session memory, say). With
// SPUD_SEMIHOSTING the outputs, the class, the peak stack use and any error
// are printed and the exit status reaches the host (QEMU's exit code).
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "spud/spud.h"

#if SPUD_SEMIHOSTING
#include "semihosting.h"
#endif

extern "C" {
extern const unsigned char spud_model_data[];
extern const size_t spud_model_size;
#if SPUD_FIRMWARE_SAMPLE
extern const unsigned char spud_firmware_input[];
extern const size_t spud_firmware_input_size;
extern const unsigned char spud_firmware_expected[];
extern const size_t spud_firmware_expected_size;
#endif
volatile int32_t spud_firmware_result = 0;
// From the linker script (sections.ld): the heap starts at `end`, the
// stack grows down from _estack.
extern uint32_t end, _estack;
}

#ifndef SPUD_FIRMWARE_SESSION_BYTES
#error "SPUD_FIRMWARE_SESSION_BYTES: the session buffer's size (spud check model.spud prints what a session needs)"
#endif

namespace {

alignas(64) unsigned char g_session_memory[SPUD_FIRMWARE_SESSION_BYTES];

// A line of text, built without printf (newlib-nano's has no floats).
struct Line {
  char text[160];
  size_t n = 0;
  Line& add(const char* s) {
    while (*s != '\0' && n + 1 < sizeof(text)) text[n++] = *s++;
    text[n] = '\0';
    return *this;
  }
  Line& add(uint64_t v) {
    char digits[21];
    int i = 0;
    do {
      digits[i++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (i > 0 && n + 1 < sizeof(text)) text[n++] = digits[--i];
    text[n] = '\0';
    return *this;
  }
  // Six decimals: enough to read; the comparison uses the bits.
  Line& add_float(float f) {
    if (f != f) return add("nan");
    if (f < 0) {
      add("-");
      f = -f;
    }
    if (f >= 1e15f) return add("inf-or-huge");
    const uint64_t micro = static_cast<uint64_t>(static_cast<double>(f) * 1e6 + 0.5);
    add(micro / 1000000).add(".");
    const uint64_t frac = micro % 1000000;
    for (uint64_t d = 100000; d > frac && d > 1; d /= 10) add("0");
    return add(frac);
  }
  void print() {
    add("\n");
#if SPUD_SEMIHOSTING
    spud_semihost_write(text);
#endif
    n = 0;
  }
};

int fail(Line& line, int32_t result, int status) {
  spud_firmware_result = result;
  line.print();
  return status;
}

// Peak stack use: the free RAM between the heap (what newlib's malloc
// may take for the model handle, well under kHeapReserve) and the stack is
// painted before the model is touched, and afterwards the lowest word no
// longer holding the paint is the deepest the stack went.
constexpr uint32_t kPaint = 0x5AD5AD5Au;
constexpr uintptr_t kHeapReserve = 16 * 1024;

uint32_t* paint_stack() {
  uint32_t* bottom = reinterpret_cast<uint32_t*>(reinterpret_cast<uintptr_t>(&end) + kHeapReserve);
  uint32_t* sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  for (uint32_t* p = bottom; p < sp - 16; ++p) *p = kPaint;
  return bottom;
}

size_t stack_peak(const uint32_t* bottom) {
  const uint32_t* p = bottom;
  while (p < &_estack && *p == kPaint) ++p;
  return static_cast<size_t>(reinterpret_cast<uintptr_t>(&_estack) - reinterpret_cast<uintptr_t>(p));
}

#if SPUD_FIRMWARE_SAMPLE
float read_float(const unsigned char* p) {
  float f;
  memcpy(&f, p, sizeof(f));
  return f;
}
#endif

}  // namespace

int main() {
  const uint32_t* painted = paint_stack();
  Line line;
  spud_error err;
  spud_model* model = nullptr;
  spud_status st = spud_model_load(spud_model_data, spud_model_size, &model, &err);
  if (st != SPUD_OK) return fail(line.add("spud firmware: load failed: ").add(err.message), -st, 2);
  size_t need = 0;
  st = spud_model_session_memory(model, &need, &err);
  if (st != SPUD_OK) return fail(line.add("spud firmware: ").add(err.message), -st, 2);
  line.add("spud firmware: model ").add(static_cast<uint64_t>(spud_model_size)).add(" bytes, session ");
  line.add(static_cast<uint64_t>(need)).add(" of ").add(static_cast<uint64_t>(sizeof(g_session_memory))).add(" bytes");
  line.print();
  if (need > sizeof(g_session_memory))
    return fail(line.add("spud firmware: the session buffer (SPUD_FIRMWARE_SESSION_BYTES) is ")
                    .add(static_cast<uint64_t>(sizeof(g_session_memory)))
                    .add(" bytes; this model needs ")
                    .add(static_cast<uint64_t>(need)),
                -SPUD_OUT_OF_MEMORY, 2);
  spud_session* session = nullptr;
  st = spud_session_create(model, nullptr, g_session_memory, sizeof(g_session_memory), &session, &err);
  if (st != SPUD_OK) return fail(line.add("spud firmware: session failed: ").add(err.message), -st, 2);

  size_t offset = 0;
  for (int i = 0; i < spud_session_num_inputs(session); ++i) {
    spud_tensor in;
    spud_session_input(session, i, &in);
#if SPUD_FIRMWARE_SAMPLE
    if (in.size_bytes > spud_firmware_input_size - offset)
      return fail(line.add("spud firmware: the built-in sample is smaller than the inputs"), -SPUD_INVALID_ARGUMENT, 2);
    memcpy(in.data, spud_firmware_input + offset, in.size_bytes);
#else
    memset(in.data, 0, in.size_bytes);
#endif
    offset += in.size_bytes;
  }
#if SPUD_FIRMWARE_SAMPLE
  if (offset != spud_firmware_input_size)
    return fail(line.add("spud firmware: the built-in sample is larger than the inputs"), -SPUD_INVALID_ARGUMENT, 2);
#endif
  st = spud_session_run(session, &err);
  if (st != SPUD_OK) return fail(line.add("spud firmware: run failed: ").add(err.message), -st, 2);

  spud_tensor out;
  spud_session_output(session, 0, &out);
  if (out.dtype != SPUD_FLOAT32) return fail(line.add("spud firmware: output 0 is not float32"), -SPUD_UNSUPPORTED, 2);
  const float* v = static_cast<const float*>(out.data);
  const size_t n = out.size_bytes / sizeof(float);
  int32_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (v[i] > v[best]) best = static_cast<int32_t>(i);
  int status = 0;
  for (size_t i = 0; i < n; ++i) {
    line.add("output[").add(static_cast<uint64_t>(i)).add("] = ").add_float(v[i]);
#if SPUD_FIRMWARE_SAMPLE
    if (spud_firmware_expected_size != n * sizeof(float)) {
      line.print();
      return fail(line.add("spud firmware: the host's output 0 has another size"), -SPUD_INVALID_ARGUMENT, 2);
    }
    const float want = read_float(spud_firmware_expected + i * sizeof(float));
    const float diff = v[i] > want ? v[i] - want : want - v[i];
    const float scale = want < 0 ? -want : want;
    line.add("  host ").add_float(want);
    if (!(diff <= 1e-5f * (scale > 1.f ? scale : 1.f))) {
      line.add("  MISMATCH");
      status = 1;
    }
#endif
    line.print();
  }
  line.add("class ").add(static_cast<uint64_t>(best)).add(status == 0 ? "" : " (outputs differ from the host's)");
  line.print();
  spud_firmware_result = best;
  spud_session_free(session);
  spud_model_free(model);
  line.add("stack: peak ").add(static_cast<uint64_t>(stack_peak(painted))).add(" bytes");
  line.print();
  return status;
}
