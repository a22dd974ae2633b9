// BitShift on unsigned integers, direction LEFT or RIGHT, with numpy
// broadcasting. Shifting by the type's width or more gives 0 (C++ leaves it
// undefined).
#include "broadcast.h"

namespace spud {
namespace kernels {
namespace {

struct ShiftData {
  BinaryData binary;
  bool left;
};

Status init(KernelContext* ctx) {
  const std::string_view dir = ctx->attributes->get_string("direction");
  SPUD_CHECK_OR_RETURN(dir == "LEFT" || dir == "RIGHT", kInvalidModel, "BitShift: direction must be LEFT or RIGHT");
  ctx->data<ShiftData>()->left = dir == "LEFT";
  return Status::Ok();
}

Status prepare(KernelContext* ctx) {
  const Tensor* a = ctx->input(0);
  return prepare_binary(ctx, &ctx->data<ShiftData>()->binary.bc, a != nullptr ? a->dtype : DType::kUndefined);
}

template <typename T>
Status eval(KernelContext* ctx) {
  const ShiftData* d = ctx->data<ShiftData>();
  const bool left = d->left;
  broadcast_apply(d->binary.bc, ctx->input(0)->data_as<const T>(), ctx->input(1)->data_as<const T>(),
                  ctx->output(0)->data_as<T>(), [left](T a, T b) {
                    if (b >= sizeof(T) * 8) return T(0);
                    return static_cast<T>(left ? a << b : a >> b);
                  });
  return Status::Ok();
}

}  // namespace

#if SPUD_TYPE_ENABLED(kUInt8)
extern const KernelDef kBitShiftUInt8 = {"", "BitShift", 11, 11, dtype_bit(DType::kUInt8), 0, sizeof(ShiftData), init, prepare, eval<uint8_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt16)
extern const KernelDef kBitShiftUInt16 = {"", "BitShift", 11, 11, dtype_bit(DType::kUInt16), 0, sizeof(ShiftData), init, prepare, eval<uint16_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt32)
extern const KernelDef kBitShiftUInt32 = {"", "BitShift", 11, 11, dtype_bit(DType::kUInt32), 0, sizeof(ShiftData), init, prepare, eval<uint32_t>};
#endif
#if SPUD_TYPE_ENABLED(kUInt64)
extern const KernelDef kBitShiftUInt64 = {"", "BitShift", 11, 11, dtype_bit(DType::kUInt64), 0, sizeof(ShiftData), init, prepare, eval<uint64_t>};
#endif

}  // namespace kernels
}  // namespace spud
