#include "spud/status.h"

namespace spud {

const char* to_string(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kInvalidModel: return "invalid model";
    case StatusCode::kUnsupported: return "unsupported";
    case StatusCode::kOutOfMemory: return "out of memory";
    case StatusCode::kIoError: return "i/o error";
    case StatusCode::kInternal: return "internal error";
    case StatusCode::kLimitExceeded: return "limit exceeded";
    case StatusCode::kDataDependent: return "shape depends on input values";
    case StatusCode::kDeclined: return "kernel declined the node";
  }
  return "unknown status";
}

}  // namespace spud
