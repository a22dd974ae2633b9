// SHA-256 of a byte string as lower-case hex (FIPS 180-4), for the source
// model's fingerprint in a .spud file's provenance.
#ifndef SPUD_TOOLS_SHA256_H_
#define SPUD_TOOLS_SHA256_H_

#include <string>

namespace spud {

std::string sha256_hex(const std::string& bytes);

}  // namespace spud

#endif  // SPUD_TOOLS_SHA256_H_
