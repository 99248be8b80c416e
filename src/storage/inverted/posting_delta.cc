#include "storage/inverted/posting_delta.h"

#include <memory>

#include <roaring/roaring.h>

#include "common/coding.h"
#include "storage/counted_operands.h"

namespace basalt::storage {
namespace {

constexpr uint8_t kDeltaVersion = 0x82;

struct BitmapDeleter {
  void operator()(roaring_bitmap_t* b) const { roaring_bitmap_free(b); }
};
using BitmapPtr = std::unique_ptr<roaring_bitmap_t, BitmapDeleter>;

Status ForEachOp(std::string_view operand, roaring_bitmap_t* bitmap) {
  if (operand.empty() || uint8_t(operand[0]) != kDeltaVersion) {
    return Corruption("bad posting delta");
  }
  operand.remove_prefix(1);
  uint64_t count;
  if (!GetVarint64(&operand, &count) || operand.size() != count * 3) {
    return Corruption("bad posting delta length");
  }
  for (uint64_t idx = 0; idx < count; ++idx) {
    const char* p = operand.data() + idx * 3;
    uint16_t low = DecodeFixed16LE(p + 1);
    if (p[0] != 0) {
      roaring_bitmap_add(bitmap, low);
    } else {
      roaring_bitmap_remove(bitmap, low);
    }
  }
  return Status::Ok();
}

}  // namespace

void PostingDelta::Append(uint8_t op, uint16_t low) {
  body_.push_back(char(op));
  PutFixed16LE(&body_, low);
  ++count_;
}

std::string PostingDelta::Finish() const {
  std::string out;
  out.push_back(char(kDeltaVersion));
  PutVarint64(&out, count_);
  out += body_;
  return out;
}

Result<std::string> MergePostingBlock(const std::string_view* existing,
                                      const std::vector<std::string_view>& operands) {
  BitmapPtr bitmap;
  if (existing != nullptr) {
    bitmap.reset(roaring_bitmap_portable_deserialize_safe(existing->data(), existing->size()));
    if (!bitmap) {
      return Corruption("bad posting block");
    }
  } else {
    bitmap.reset(roaring_bitmap_create());
  }
  for (std::string_view operand : operands) {
    BASALT_RETURN_IF_ERROR(ForEachOp(operand, bitmap.get()));
  }
  roaring_bitmap_run_optimize(bitmap.get());
  std::string out(roaring_bitmap_portable_size_in_bytes(bitmap.get()), '\0');
  roaring_bitmap_portable_serialize(bitmap.get(), out.data());
  return out;
}

Result<std::string> CombinePostingDeltas(const std::vector<std::string_view>& operands) {
  return CombineCountedOperands(kDeltaVersion, operands, "posting delta");
}

}  // namespace basalt::storage
