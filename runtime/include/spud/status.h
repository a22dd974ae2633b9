// Errors are values in spud: every fallible call returns a Status (or a
// Result<T>) that the caller must look at. No exceptions are thrown anywhere
// in the runtime or the kernels.
//
// A Status carries a code and a message. The message is a string literal or
// points into a buffer owned by the object that reported the error (a
// session's error buffer); it is never heap-allocated. Building with
// SPUD_NO_LOG_STRINGS replaces every literal message with "" so that error
// text costs no flash on small targets; codes stay.
#ifndef SPUD_STATUS_H_
#define SPUD_STATUS_H_

#include <stdint.h>

#include <new>
#include <utility>

namespace spud {

enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,  // the caller passed something wrong
  kInvalidModel,     // the model file is malformed or inconsistent
  kUnsupported,      // no kernel, type or feature for this in this build
  kOutOfMemory,      // an arena or buffer is too small
  kIoError,          // a file could not be read
  kInternal,         // a bug in spud
  kLimitExceeded,    // a limit the caller set (session options) was reached
  // Internal to prepare: the kernel needs the value of an input that is not
  // known yet (not constant). The converter marks such nodes dynamic; it never
  // reaches the C API.
  kDataDependent,
  // Internal to prepare: this kernel definition does not serve the node
  // (an accelerated kernel for shapes, attributes or weights it cannot take).
  // The session then tries the next definition for the node; the reference
  // kernel, last in the table, never declines.
  kDeclined,
};

const char* to_string(StatusCode code);

#if defined(SPUD_NO_LOG_STRINGS)
#define SPUD_MSG(text) ""
#else
#define SPUD_MSG(text) text
#endif

class [[nodiscard]] Status {
 public:
  constexpr Status() = default;
  constexpr Status(StatusCode code, const char* message) : code_(code), message_(message) {}

  static constexpr Status Ok() { return Status(); }

  constexpr bool ok() const { return code_ == StatusCode::kOk; }
  constexpr StatusCode code() const { return code_; }
  constexpr const char* message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  const char* message_ = "";
};

// Builds an error Status from a literal message that can be compiled out.
#define SPUD_ERROR(code, text) ::spud::Status(::spud::StatusCode::code, SPUD_MSG(text))

// A value or an error. T needs no default constructor.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : status_(), has_value_(true) { new (&storage_) T(value); }
  Result(T&& value) : status_(), has_value_(true) { new (&storage_) T(std::move(value)); }
  Result(Status status) : status_(status), has_value_(false) {}
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result(Result&& other) : status_(other.status_), has_value_(other.has_value_) {
    if (has_value_) new (&storage_) T(std::move(*other.ptr()));
  }
  ~Result() {
    if (has_value_) ptr()->~T();
  }

  bool ok() const { return has_value_; }
  Status status() const { return status_; }
  T& value() { return *ptr(); }
  const T& value() const { return *ptr(); }
  T* operator->() { return ptr(); }
  T& operator*() { return *ptr(); }

 private:
  T* ptr() { return reinterpret_cast<T*>(&storage_); }
  const T* ptr() const { return reinterpret_cast<const T*>(&storage_); }

  Status status_;
  bool has_value_;
  alignas(T) unsigned char storage_[sizeof(T)];
};

}  // namespace spud

// Return early from the enclosing function when `expr` is not ok.
#define SPUD_RETURN_IF_ERROR(expr)          \
  do {                                      \
    const ::spud::Status spud_status_ = (expr); \
    if (!spud_status_.ok()) return spud_status_; \
  } while (0)

// Return `SPUD_ERROR(code, text)` when `cond` is false.
#define SPUD_CHECK_OR_RETURN(cond, code, text)             \
  do {                                                     \
    if (!(cond)) return SPUD_ERROR(code, text);            \
  } while (0)

#endif  // SPUD_STATUS_H_
