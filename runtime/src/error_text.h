// Detailed error messages ("node 'conv1' (Conv, opset 11): ...") are written
// into a caller-owned buffer so no error path allocates. With
// SPUD_NO_LOG_STRINGS the formatting is compiled out and codes remain.
#ifndef SPUD_RUNTIME_ERROR_TEXT_H_
#define SPUD_RUNTIME_ERROR_TEXT_H_

#include <stdarg.h>
#include <stdio.h>

#include "spud/status.h"

namespace spud {

struct ErrorText {
  char text[256] = {};
};

// Returns a Status with `code` whose message is the formatted text in `buf`
// (or `base`'s message when buf is null).
#if defined(SPUD_NO_LOG_STRINGS)
inline Status with_detail(ErrorText*, StatusCode code, const char*, ...) { return Status(code, ""); }
#else
__attribute__((format(printf, 3, 4))) inline Status with_detail(ErrorText* buf, StatusCode code,
                                                                  const char* fmt, ...) {
  if (buf == nullptr) return Status(code, "");
  va_list args;
  va_start(args, fmt);
  vsnprintf(buf->text, sizeof(buf->text), fmt, args);
  va_end(args);
  return Status(code, buf->text);
}
#endif

}  // namespace spud

#endif  // SPUD_RUNTIME_ERROR_TEXT_H_
